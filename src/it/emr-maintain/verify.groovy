import dev.tradingpipeline.maven.testing.ItServers

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    assert log.contains('AWS account 123456789012')
    // the old name still works, with a warning naming the new one
    assert log.contains('[WARNING] -Dtrading.maintain.dry-run is deprecated: use -Dtrading.maintenance.dry-run')
    // one line per state change, the Spark UI link once RUNNING
    ['SUBMITTED', 'QUEUED', 'PENDING', 'SCHEDULED', 'RUNNING', 'SUCCESS'].each { assert log.contains(it) : it }
    // the job's summary, from the driver's stdout
    assert log.contains('[trading-summary] maintenance dry run: 1 table(s) inspected, nothing changed')
    assert log.contains('[trading-summary] silver.option_eod dry-run: 40 data files')

    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def body = jobRuns.theOne(basedir)
    // the goal's parameters, as config overrides of the job
    jobRuns.check(body, [project: 'emr-maintain', mode: 'maintenance',
            args: ['--set maintenance.dry-run=true', '--set maintenance.tables=silver.option_eod']])
    jobRuns.checkEmrItConfig(body, true)
} finally {
    ItServers.stop(basedir)
}
return true
