import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper
import java.util.zip.ZipInputStream

// The fake credentials the build ran with, as invoker.properties gave them to it.
def props = new Properties()
new File(basedir, 'invoker.properties').withInputStream { props.load(it) }
def credentials = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].collectEntries {
    [(it): props.getProperty('invoker.environmentVariables.' + it)]
}
credentials.each { name, value -> assert value != null && value.length() >= 20 : name }

// What counts as a leak: each value whole, and the secret and the token also by their first 16
// characters (a truncated or half-masked value is still a leak).
def needles = [:]
credentials.each { name, value ->
    needles[name] = value
    if (name != 'AWS_ACCESS_KEY_ID') {
        needles[name + ' (first 16 characters)'] = value.substring(0, 16)
    }
}
def leaksIn = { String text -> needles.findAll { name, needle -> text.contains(needle) }.keySet() as List }

// The search finds what it looks for: a leak in any of the forms above would be reported.
credentials.each { name, value ->
    assert leaksIn('x=' + value + ';').contains(name) : 'the search misses ' + name
}
assert leaksIn('value ' + credentials.AWS_SECRET_ACCESS_KEY.substring(0, 20) + '****')
        .contains('AWS_SECRET_ACCESS_KEY (first 16 characters)')
assert leaksIn('nothing to see here').isEmpty()

def scanned = [:]   // what was searched -> characters searched
def leaks = []
def scan = { String what, String text ->
    scanned[what] = text.length()
    leaksIn(text).each { leaks << what + ': ' + it }
}
// bytes as ISO-8859-1: one char per byte, so ASCII needles are found in binary files too
def scanBytes = { String what, byte[] bytes -> scan(what, new String(bytes, 'ISO-8859-1')) }

try {
    // 1. the build log of every goal, at debug level (mvn -X)
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // debug output of the AWS SDK is in it: requests went out, signed
    assert log.contains('[DEBUG] Sending Request: DefaultSdkHttpFullRequest(httpMethod=PUT')
    assert log.contains('Loading credentials from EnvironmentVariableCredentialsProvider')
    assert log.contains('IAM policy of the deployer')
    assert log.contains('Uploads to s3://it-bucket/artifacts are encrypted with SSE-S3 (AES256)')
    assert log.contains('Started job run 00run')
    assert log.count('Job run 00run SUCCESS') == 2   // submit, then watch
    // submit printed the driver's output live from CloudWatch Logs (WireMock), and its closing
    // summary did not repeat it; watch, re-attaching to the ended run, printed the summary from S3
    assert log.contains('Driver output from CloudWatch Logs group /trading/it-runs, stream'
            + ' /applications/00app/jobs/00run/SPARK_DRIVER/stdout:')
    // lines of the build log (an [INFO] line, or a line of a multi-line message), not debug output
    def shown = { String line -> (log =~ ('(?m)^(\\[INFO\\] )?' + java.util.regex.Pattern.quote(line) + '$')).size() }
    assert shown('[it] strategy batch 1/1 live from CloudWatch Logs') == 1
    assert shown('[trading-summary] strategy succeeded: run 20240105T000000Z-it, 1 simulation(s), 0 note(s)') == 2
    // trading:runs listed the run, and the dry run printed its plan
    assert log =~ /00run\s+it-run\s+SUCCESS/
    assert log.contains('Re-attach to one: mvn trading:watch -Dtrading.watch.job-run-id=<id>')
    assert log.contains('StartJobRun that submit would send (dry run: not sent):')
    assert log.count('BUILD SUCCESS') == 2
    scan('build.log', log)

    // 2. everything the goals wrote under target/trading
    def state = new File(basedir, 'target/trading')
    state.eachFileRecurse(groovy.io.FileType.FILES) { scanBytes('target/trading/' + it.name, it.bytes) }
    ['deployment.json', 'last-job-run.json', 'iam-policy-deployer.json', 'iam-policy-job-role.json'].each {
        assert scanned.containsKey('target/trading/' + it) : it + ' was not searched'
    }

    // 3. every object that landed in S3 (S3Proxy's files), jars also entry by entry, uncompressed
    def objects = new File(basedir, 'target/s3proxy-data/' + ItServers.BUCKET)
    def uploadedConfigs = []
    objects.eachFileRecurse(groovy.io.FileType.FILES) { f ->
        def key = objects.toPath().relativize(f.toPath()).toString().replace(File.separatorChar, (char) '/')
        scanBytes('s3://' + ItServers.BUCKET + '/' + key, f.bytes)
        if (key.endsWith('.jar')) {
            new ZipInputStream(new ByteArrayInputStream(f.bytes)).withCloseable { zip ->
                for (def e = zip.nextEntry; e != null; e = zip.nextEntry) {
                    scanBytes('s3://' + ItServers.BUCKET + '/' + key + '!/' + e.name, zip.readAllBytes())
                }
            }
        }
        if (key ==~ /artifacts\/config\/config-[0-9a-f]{12}\.yaml/) {
            uploadedConfigs << f
        }
    }
    assert uploadedConfigs.size() == 1
    // the config the job reads is the project's, as rendered, and it was searched
    assert uploadedConfigs[0].text == new File(basedir, 'config.yaml').text
    assert uploadedConfigs[0].text.contains('execution-role-arn')
    assert scanned.keySet().any { it.contains('/artifacts/jars/trading-jobs-') && it.contains('.class') }

    // 4. every request EMR Serverless and STS received: URL and body (StartJobRun's job arguments
    // and Spark parameters among them). Headers are left out: signing puts the access key id in
    // Authorization and the session token in X-Amz-Security-Token, as it must.
    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    assert requests.size() >= 5
    def header = { r, String name -> r.request.headers.find { k, v -> k.equalsIgnoreCase(name) }?.value }
    requests.eachWithIndex { r, i ->
        def what = 'request ' + i + ' ' + r.request.method + ' ' + r.request.url
        scan(what + ' (url)', r.request.absoluteUrl ?: r.request.url)
        scan(what + ' (body)', r.request.body ?: '')
        if (r.request.bodyAsBase64) {
            scanBytes(what + ' (body bytes)', r.request.bodyAsBase64.decodeBase64())
        }
        // the build did sign with these credentials, so a leak was possible
        assert header(r, 'Authorization').toString().contains('Credential=' + credentials.AWS_ACCESS_KEY_ID + '/')
        assert header(r, 'X-Amz-Security-Token').toString().contains(credentials.AWS_SESSION_TOKEN)
    }
    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def body = jobRuns.theOne(basedir)
    jobRuns.check(body, [project: 'emr-credential-leak', mode: 'strategy', tags: [desk: 'vol'],
            args: ['--set emr.tags.desk=vol']])
    jobRuns.checkEmrItConfig(body, true)
    def args = body.jobDriver.sparkSubmit.entryPointArguments
    def params = body.jobDriver.sparkSubmit.sparkSubmitParameters
    // nor under another value: no credential setting is handed to the job at all
    def handedOn = (args.join(' ') + ' ' + params + ' ' + jobRuns.requests(basedir)[0].request.body).toLowerCase()
    ['access.key', 'secret.key', 'session.token', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token',
     'credentials.provider'].each { assert !handedOn.contains(it) : it }
    assert scanned.keySet().any { it.contains('POST /applications/00app/jobruns (body)') }
    assert requests.any { it.request.body?.contains('Action=GetCallerIdentity') }
    // the live output's GetLogEvents went to the same WireMock, signed, and were searched too
    def logReads = requests.findAll { header(it, 'X-Amz-Target').toString().contains('Logs_20140328.GetLogEvents') }
    assert logReads.size() >= 2
    assert logReads.every { it.request.body.contains('"logGroupName":"/trading/it-runs"') }
    assert body.configurationOverrides.monitoringConfiguration.cloudWatchLoggingConfiguration.logGroupName == '/trading/it-runs'

    // the search covered real output, not empty files
    assert scanned.size() >= 20 : scanned
    assert scanned.values().sum() > 100_000 : scanned
    ['build.log', 'target/trading/deployment.json', 'target/trading/last-job-run.json'].each {
        assert scanned[it] > 100 : it
    }
    assert leaks.isEmpty() : 'credentials leaked:\n' + leaks.join('\n')
    println 'credential search: ' + scanned.size() + ' outputs, ' + scanned.values().sum() + ' characters, no leak'
} finally {
    ItServers.stop(basedir)
}
return true
