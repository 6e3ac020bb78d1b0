import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // watched through every state to SUCCESS, as a submit is
    ['SUBMITTED', 'QUEUED', 'PENDING', 'SCHEDULED', 'RUNNING', 'SUCCESS'].each { assert log.contains(it) : it }
    // the report job's summary from the driver's stdout, and where the goal says the report went
    assert log.contains('[trading-summary] report: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    assert log.contains('Report of run 20240105T000000Z-it: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html')
    assert !log.contains('spark startup noise')

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def starts = requests.findAll { it.request.method == 'POST' && it.request.url == '/applications/00app/jobruns' }
    assert starts.size() == 1
    def body = new JsonSlurper().parseText(starts[0].request.body)
    assert body.name.startsWith('emr-report-report-')
    assert body.tags.mode == 'report'
    def spark = body.jobDriver.sparkSubmit
    // the same job jar, in report mode, reading the past run from gold alone
    assert spark.entryPoint ==~ /s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-.*-[0-9a-f]{12}\.jar/
    def args = spark.entryPointArguments
    assert args[0..1] == ['--mode', 'report']
    assert args.join(' ').contains('--run-id 20240105T000000Z-it')
    assert args[args.indexOf('--config') + 1] ==~ /s3:\/\/it-bucket\/artifacts\/config\/config-[0-9a-f]{12}\.yaml/
    assert spark.sparkSubmitParameters.contains('--class dev.tradingpipeline.jobs.TradingJob')
} finally {
    ItServers.stop(basedir)
}
return true
