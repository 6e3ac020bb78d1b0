import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.count('BUILD SUCCESS') == 2
    assert !log.contains('BUILD FAILURE')

    // 1. the real deploy uploaded everything once
    assert log.count('uploaded trading-jobs-') == 1
    assert log =~ /uploaded config\.yaml to s3:\/\/it-bucket\/artifacts\/config\/config-[0-9a-f]{12}\.yaml/

    // 2. the dry runs of deploy and submit: the jars unchanged, the changed config would upload, with its size
    assert (log =~ /trading-jobs-\S+ unchanged \(s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-\S+\), not uploaded/).size() == 2
    assert (log =~ /would upload dry-run\.yaml \([\d.]+ k?B\) to s3:\/\/it-bucket\/artifacts\/config\/dry-run-[0-9a-f]{12}\.yaml/).size() == 2
    assert (log =~ /Dry run: 1 artifact to upload \([\d.]+ k?B\), \d+ unchanged; nothing was uploaded and deployment\.json was not written/).size() == 2
    assert !log.contains('uploaded dry-run.yaml')

    // what submit would do about the application, and the request it would send
    assert log.contains('EMR Serverless application 00app (trading-it) is STOPPED without auto-start: submit would'
            + ' start it (StartApplication) and wait for STARTED')
    // the capacity check's figures: a 2 vCPU driver of 4g + 409 MiB overhead -> 5 GB, 3 executors of
    // 4 vCPU and 4g + 409 MiB -> 5 GB, raised to the 8 GB a 4 vCPU worker has at least: 14 vCPU, 29 GB
    assert log.contains('Capacity check of the strategy run (EMR Serverless workers: memory plus Spark\'s overhead,'
            + ' rounded up to a worker size):')
    assert log.contains('  executors  3 x 4 vCPU, 8 GB  (sizing.strategy.executor-instances 3,'
            + ' sizing.strategy.executor-cores 4, sizing.strategy.executor-memory 4g + 409 MiB overhead)')
    assert log.contains('  total      14 vCPU, 29 GB')
    assert log.contains('  limits     16 vCPU emr.max-vcpu (the account\'s quota); application 00app maximumCapacity'
            + ' 16 vCPU, 64 GB')
    assert log.contains('StartJobRun that submit would send (dry run: not sent):')
    assert log =~ /applicationId\s+00app/
    assert log =~ /name\s+emr-dry-run-strategy-\d{8}-\d{6}/
    assert log =~ /executionRoleArn\s+arn:aws:iam::123456789012:role\/trading-it/
    assert log =~ /entryPoint\s+s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-\S+-[0-9a-f]{12}\.jar/
    def arguments = log.readLines().find { it.contains('entryPointArguments') }
    assert arguments =~ /--mode strategy --config s3:\/\/it-bucket\/artifacts\/config\/dry-run-[0-9a-f]{12}\.yaml/
    assert arguments.contains('--set emr.tags.desk=vol')
    assert arguments.contains('--set spark-conf.spark.hadoop.fs.s3a.secret.key=****')
    def parameters = log.readLines().find { it.contains('sparkSubmitParameters') }
    assert parameters.contains('--class dev.tradingpipeline.jobs.TradingJob')
    assert parameters.contains('--conf spark.hadoop.fs.s3a.secret.key=****')
    def tags = log.readLines().find { it =~ /\btags\s+mode=/ }
    assert tags =~ /mode=strategy, project=emr-dry-run, version=1\.0-SNAPSHOT/
    assert tags.contains('team=quant') && tags.contains('desk=vol')
    assert log =~ /executionTimeoutMinutes\s+90/
    assert log =~ /monitoringConfiguration\s+S3 logs under s3:\/\/it-bucket\/logs/
    assert log.contains('Dry run: nothing uploaded, no application started, no job run started, deployment.json and'
            + ' last-job-run.json not written')
    // no secret in the plan: neither the masked setting nor the build's credentials
    assert !log.contains('ItDryRunSecret7x')
    assert !log.contains('it-secret-key')

    // 3. nothing changed: S3 holds what the real deploy put there, and only that
    def listing = ItServers.bucketListing(basedir)
    assert (listing =~ /<Key>artifacts\/jars\/trading-jobs-[^<]+\.jar<\/Key>/).size() == 1
    assert (listing =~ /<Key>artifacts\/config\/config-[0-9a-f]{12}\.yaml<\/Key>/).size() == 1
    assert !listing.contains('dry-run')
    // the record is the real deploy's, not the dry run's
    def deployment = new JsonSlurper().parse(new File(basedir, 'target/trading/deployment.json'))
    assert deployment.config.uri ==~ /s3:\/\/it-bucket\/artifacts\/config\/config-[0-9a-f]{12}\.yaml/
    assert deployment.jobJar.uploaded
    assert !new File(basedir, 'target/trading/last-job-run.json').exists()
    // no StartApplication, no StartJobRun
    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    assert jobRuns.requests(basedir).isEmpty()
    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    assert !requests.any { it.request.method == 'POST' && it.request.url.startsWith('/applications') }
    assert requests.any { it.request.method == 'GET' && it.request.url == '/applications/00app' }
} finally {
    ItServers.stop(basedir)
}
return true
