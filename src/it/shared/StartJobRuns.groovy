// The StartJobRun requests that WireMock, standing in for EMR Serverless, received during an
// integration test, and the checks each such request must pass. A verify.groovy loads this with
//     def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
// (itSharedDir is a script variable of the invoker configuration) and calls, e.g.,
//     def body = jobRuns.theOne(basedir)
//     jobRuns.check(body, [project: 'emr-report', mode: 'report', args: ['--run-id 20240105T000000Z-it']])
import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper
import groovy.transform.Field

@Field final String START_JOB_RUN = '/applications/00app/jobruns'
/** The job jar as deployed: its name and the first 12 hex digits of its SHA-256. */
@Field final String JOB_JAR = /s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-.*-[0-9a-f]{12}\.jar/
/** The project's config.yaml as deployed, named by its hash. */
@Field final String DEPLOYED_CONFIG = /s3:\/\/it-bucket\/artifacts\/config\/config-[0-9a-f]{12}\.yaml/

/** WireMock's journal entries of every StartJobRun of the build, oldest first. */
List requests(File basedir) {
    new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
            .findAll { it.request.method == 'POST' && it.request.url == START_JOB_RUN }
            .sort { it.request.loggedDate }
}

/** The request bodies of every StartJobRun of the build, oldest first. */
List bodies(File basedir) {
    requests(basedir).collect { new JsonSlurper().parseText(it.request.body) }
}

/** The body of the build's StartJobRun, which must be its only one. */
Map theOne(File basedir) {
    def all = bodies(basedir)
    assert all.size() == 1
    all[0]
}

/**
 * What every job run the plugin starts holds, whatever the configuration: a client token of its
 * own, the name and tags of the project and mode, the deployed job jar, the job's command line
 * ({@code --mode <mode> --config <deployed config>}, then the rest) and its main class.
 *
 * @param expected project and mode; optionally tags (a map the run's tags include) and args
 *                 (pieces the job's command line, joined by spaces, contains)
 */
void check(Map body, Map expected) {
    assert body.clientToken ==~ /[0-9a-f-]{36}/
    assert body.name.startsWith("${expected.project}-${expected.mode}-")
    assert body.tags.mode == expected.mode
    assert body.tags.project == expected.project
    (expected.tags ?: [:]).each { name, value -> assert body.tags[name] == value }

    def spark = body.jobDriver.sparkSubmit
    assert spark.entryPoint ==~ JOB_JAR
    def args = spark.entryPointArguments
    assert args[0..1] == ['--mode', expected.mode]
    assert args[2] == '--config'
    assert args[3] ==~ DEPLOYED_CONFIG
    (expected.args ?: []).each { assert args.join(' ').contains(it) }
    assert spark.sparkSubmitParameters.contains('--class dev.tradingpipeline.jobs.TradingJob')
}

/**
 * What the emr-* test projects have in common, their version (1.0-SNAPSHOT) and their
 * config.yaml.template: the job role, the team tag, the timeout, the Glue catalog with EMR's own
 * Iceberg runtime and the logs location; with {@code sizing}, also the 3 executors of 4g that it
 * configures for the run's mode.
 */
void checkEmrItConfig(Map body, boolean sizing) {
    assert body.executionRoleArn == 'arn:aws:iam::123456789012:role/trading-it'
    assert body.tags.version == '1.0-SNAPSHOT'
    assert body.tags.team == 'quant'
    assert body.executionTimeoutMinutes == 90

    def params = body.jobDriver.sparkSubmit.sparkSubmitParameters
    assert params.contains('/usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar')
    if (sizing) {
        assert params.contains('spark.executor.instances=3')
        assert params.contains('spark.executor.memory=4g')
    }
    assert params.contains('org.apache.iceberg.aws.glue.GlueCatalog')
    assert body.configurationOverrides.monitoringConfiguration.s3MonitoringConfiguration.logUri == 's3://it-bucket/logs'
}

return this
