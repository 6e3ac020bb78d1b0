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
    // the driver's stdout came live while the run was RUNNING, each line once
    assert log.contains('Driver output from s3://it-bucket/logs/applications/00app/jobs/00run/SPARK_DRIVER/stdout.gz:')
    assert log.count('spark startup noise') == 1
    // what the run cost, from GetJobRun's billedResourceUtilization at the ARM64 application's list prices:
    // 1.0 x 0.042094 + 4.0 x 0.004628 + 20.0 x 0.000111 = 0.042094 + 0.018512 + 0.00222 = $0.062826
    assert log.contains('Cost of job run 00run: $0.0628 for 1 vCPU-hours, 4 memory GB-hours, 20 storage GB-hours'
            + ' billed (us-east-1 ARM64 list prices; set emr.prices.* for yours)')
    assert log.contains('Resources used by job run 00run: 0.933 vCPU-hours, 3.733 memory GB-hours, 23.333 storage GB-hours')

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
    assert last.result.state == 'SUCCESS'
    assert last.result.billedResourceUtilization.vCPUHour == 1.0
    assert last.result.totalResourceUtilization.storageGBHour == 23.333
    assert last.result.cost.dollars == 0.062826
    assert last.result.cost.architecture == 'ARM64'
} finally {
    ItServers.stop(basedir)
}
return true
