import dev.tradingpipeline.maven.testing.ItServers

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // watched through every state to SUCCESS, as a submit is
    ['SUBMITTED', 'QUEUED', 'PENDING', 'SCHEDULED', 'RUNNING', 'SUCCESS'].each { assert log.contains(it) : it }
    // the report job's summary from the driver's stdout, and where the goal says the report went
    assert log.contains('[trading-summary] report: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    assert log.contains('Report of run 20240105T000000Z-it: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    assert !log.contains('spark startup noise')

    // the same job jar, in report mode, reading the past run from gold alone
    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def body = jobRuns.theOne(basedir)
    jobRuns.check(body, [project: 'emr-report', mode: 'report', args: ['--run-id 20240105T000000Z-it']])
    jobRuns.checkEmrItConfig(body, false)
} finally {
    ItServers.stop(basedir)
}
return true
