import dev.tradingpipeline.maven.testing.ItServers

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('FAILED')
    // stateDetails and the tail of the driver's stdout and stderr, without opening the console
    assert log.contains('No landing file for 2024-01-05 in s3://it-bucket/landing')
    // the driver's output came live, each line once; the failure message quotes only its tail
    assert log.count('driver stdout line 1\n') == 1
    def failure = log.substring(log.indexOf('BUILD FAILURE'))
    assert failure.contains('driver stdout line 200')
    assert !failure.contains('driver stdout line 1\n')
    assert log.contains('java.lang.IllegalStateException: No landing file for 2024-01-05')

    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def body = jobRuns.theOne(basedir)
    jobRuns.check(body, [project: 'emr-run-fails', mode: 'daily', args: ['--mode daily', '--date 2024-01-05']])
    jobRuns.checkEmrItConfig(body, false)
} finally {
    ItServers.stop(basedir)
}
return true
