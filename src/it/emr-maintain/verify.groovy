import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

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

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def starts = requests.findAll { it.request.method == 'POST' && it.request.url == '/applications/00app/jobruns' }
    assert starts.size() == 1
    def body = new JsonSlurper().parseText(starts[0].request.body)
    assert body.clientToken ==~ /[0-9a-f-]{36}/
    assert body.executionRoleArn == 'arn:aws:iam::123456789012:role/trading-it'
    assert body.name.startsWith('emr-maintain-maintenance-')
    assert body.tags.mode == 'maintenance'
    assert body.tags.project == 'emr-maintain'
    assert body.tags.version == '1.0-SNAPSHOT'
    assert body.tags.team == 'quant'
    assert body.executionTimeoutMinutes == 90

    def spark = body.jobDriver.sparkSubmit
    assert spark.entryPoint ==~ /s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-.*-[0-9a-f]{12}\.jar/
    def args = spark.entryPointArguments
    assert args[0..1] == ['--mode', 'maintenance']
    assert args[2] == '--config'
    assert args[3] ==~ /s3:\/\/it-bucket\/artifacts\/config\/config-[0-9a-f]{12}\.yaml/
    // the goal's parameters, as config overrides of the job
    assert args.join(' ').contains('--set maintenance.dry-run=true')
    assert args.join(' ').contains('--set maintenance.tables=silver.option_eod')
    def params = spark.sparkSubmitParameters
    assert params.contains('--class dev.tradingpipeline.jobs.TradingJob')
    assert params.contains('/usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar')
    assert params.contains('spark.executor.instances=3')
    assert params.contains('spark.executor.memory=4g')
    assert params.contains('org.apache.iceberg.aws.glue.GlueCatalog')
    assert body.configurationOverrides.monitoringConfiguration.s3MonitoringConfiguration.logUri == 's3://it-bucket/logs'

} finally {
    ItServers.stop(basedir)
}
return true
