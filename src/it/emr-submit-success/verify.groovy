import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    assert log.contains('AWS account 123456789012')
    // one line per state change, the Spark UI link once RUNNING
    ['SUBMITTED', 'QUEUED', 'PENDING', 'SCHEDULED', 'RUNNING', 'SUCCESS'].each { assert log.contains(it) : it }
    assert log.contains('https://spark-ui.example/00run')
    // the job's summary, from the driver's stdout: where the report is
    assert log.contains('[trading-summary] report: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    assert !log.contains('spark startup noise')

    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def body = jobRuns.theOne(basedir)
    jobRuns.check(body, [project: 'emr-submit-success', mode: 'strategy', tags: [desk: 'vol'],
            args: ['--set emr.tags.desk=vol']])
    jobRuns.checkEmrItConfig(body, true)
    def spark = body.jobDriver.sparkSubmit
    def args = spark.entryPointArguments

    // what landed in S3
    def listing = ItServers.bucketListing(basedir)
    assert listing.contains(args[3] - 's3://it-bucket/')
    assert listing.contains(spark.entryPoint - 's3://it-bucket/')

    def deployment = new JsonSlurper().parse(new File(basedir, 'target/trading/deployment.json'))
    assert deployment.jobJar.uri == spark.entryPoint
    def last = new JsonSlurper().parse(new File(basedir, 'target/trading/last-job-run.json'))
    assert last.jobRunId == '00run'
    assert last.applicationId == '00app'
    assert last.clientToken == body.clientToken
} finally {
    ItServers.stop(basedir)
}
return true
