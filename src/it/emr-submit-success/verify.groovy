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

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def starts = requests.findAll { it.request.method == 'POST' && it.request.url == '/applications/00app/jobruns' }
    assert starts.size() == 1
    def body = new JsonSlurper().parseText(starts[0].request.body)
    assert body.clientToken ==~ /[0-9a-f-]{36}/
    assert body.executionRoleArn == 'arn:aws:iam::123456789012:role/trading-it'
    assert body.name.startsWith('emr-submit-success-strategy-')
    assert body.tags.mode == 'strategy'
    assert body.tags.project == 'emr-submit-success'
    assert body.tags.version == '1.0-SNAPSHOT'
    assert body.tags.team == 'quant'
    assert body.tags.desk == 'vol'
    assert body.executionTimeoutMinutes == 90

    def spark = body.jobDriver.sparkSubmit
    assert spark.entryPoint ==~ /s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-.*-[0-9a-f]{12}\.jar/
    def args = spark.entryPointArguments
    assert args[0..1] == ['--mode', 'strategy']
    assert args[2] == '--config'
    assert args[3] ==~ /s3:\/\/it-bucket\/artifacts\/config\/config-[0-9a-f]{12}\.yaml/
    assert args.join(' ').contains('--set emr.tags.desk=vol')
    def params = spark.sparkSubmitParameters
    assert params.contains('--class dev.tradingpipeline.jobs.TradingJob')
    assert params.contains('/usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar')
    assert params.contains('spark.executor.instances=3')
    assert params.contains('spark.executor.memory=4g')
    assert params.contains('org.apache.iceberg.aws.glue.GlueCatalog')
    assert body.configurationOverrides.monitoringConfiguration.s3MonitoringConfiguration.logUri == 's3://it-bucket/logs'

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
