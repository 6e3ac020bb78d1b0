import dev.tradingpipeline.maven.testing.ItServers

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // watched through every state to SUCCESS, as a submit is
    ['SUBMITTED', 'QUEUED', 'PENDING', 'SCHEDULED', 'RUNNING', 'SUCCESS'].each { assert log.contains(it) : it }
    // the report job's summary from the driver's stdout, and where the goal says the report went
    assert log.contains('[trading-summary] report: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    assert log.contains('Report of run 20240105T000000Z-it: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    // the driver's stdout came live while the run was RUNNING, each line once: the closing summary
    // does not repeat it
    assert log.contains('Driver output from s3://it-bucket/logs/applications/00app/jobs/00run/SPARK_DRIVER/stdout.gz:')
    assert log.count('spark startup noise') == 1
    assert log.count('[trading-summary] report: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html') == 1

    // the same job jar, in report mode, reading the past run from gold alone
    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def body = jobRuns.theOne(basedir)
    jobRuns.check(body, [project: 'emr-report', mode: 'report', args: ['--run-id 20240105T000000Z-it']])
    jobRuns.checkEmrItConfig(body, false)
} finally {
    ItServers.stop(basedir)
}
return true
