import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // the emr profile leaves the local pipeline out and Maven's own deploy skips itself
    assert !(log =~ /:submit \((bootstrap|daily|strategy)\) @/)
    assert !(log =~ /:sample-data \(/)
    assert log.contains('Skipping artifact deployment')

    // no id in the configuration: each goal took them from the stack's outputs (DescribeStacks)
    assert log.count('From stack trading-example (CloudFormation DescribeStacks): emr.application-id=00app,'
            + ' emr.execution-role-arn=arn:aws:iam::123456789012:role/trading-example-JobRole-1A2B,'
            + ' emr.artifacts-uri=s3://it-bucket/artifacts, emr.logs-uri=s3://it-bucket/logs') == 6

    // Maven's deploy phase ran build-image, then deploy, then submit (which watched the run to SUCCESS)
    def image = log.indexOf(':build-image (image) @ trading-example')
    def ship = log.indexOf(':deploy (ship) @ trading-example')
    def run = log.indexOf(':submit (run) @ trading-example')
    def success = log.indexOf('SUCCESS', run)
    assert image >= 0 && ship > image && run > ship && success > run : "order: image ${image}, ship ${ship}, run ${run}, success ${success}"
    // deploy uploaded, so submit's own deploy step found everything in place
    def secondBuild = log.indexOf(':build-image (image) @', run)
    def firstSubmit = log.substring(run, secondBuild > 0 ? secondBuild : log.length())
    assert log.substring(ship, run) =~ /\[INFO\] uploaded /
    assert firstSubmit.contains(' unchanged (') && !(firstSubmit =~ /\[INFO\] uploaded /)

    // the first build pushed the image and pointed the application at it; the second pushed nothing
    def images = new JsonSlurper().parse(new File(basedir, 'target/trading/image.json'))
    assert log.contains("Pushed ${images.imageReference}")
    assert log.contains("Image ${images.imageReference} is up to date")
    assert log.count(':build-image (image) @') == 2
    // deploy and submit, in both builds, said they run on the recorded image and leave its libraries out
    def byDigest = images.imageReference.substring(0, images.imageReference.lastIndexOf(':')) + '@' + images.digest
    assert log.count("Runs on image ${byDigest} (emr.use-image=auto: recorded in ".toString()) == 4
    assert (log =~ /by trading:build-image at \S+\): shipping the job jar, \d+ toolkit jars? and the project's jar, not the \d+ third-party librar(y|ies) the image holds in \/usr\/share\/trading\/lib/).size() == 4
    assert log.count(':submit (run) @') == 2
    // the second build uploaded nothing: deploy and submit found every artifact in place
    def second = log.substring(secondBuild)
    assert second.contains(' unchanged (') && !(second =~ /\[INFO\] uploaded /)

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
            .sort { it.request.loggedDate }
    def jobRuns = evaluate(new File(itSharedDir, 'StartJobRuns.groovy'))
    def bodies = jobRuns.bodies(basedir)
    assert bodies.size() == 2
    assert bodies*.tags*.mode == ['daily', 'strategy']
    [bodies, ['daily', 'strategy']].transpose().each { body, mode -> jobRuns.check(body, [project: 'trading-example', mode: mode]) }
    assert bodies*.clientToken.unique().size() == 2
    assert bodies*.executionRoleArn.unique() == ['arn:aws:iam::123456789012:role/trading-example-JobRole-1A2B']
    bodies.each { body ->
        def spark = body.jobDriver.sparkSubmit
        // the project's own jar (its strategy) ships; the libraries are in the image
        assert spark.sparkSubmitParameters =~ /--jars \S*s3:\/\/it-bucket\/artifacts\/jars\/trading-example-0\.1\.0-SNAPSHOT-[0-9a-f]{12}\.jar/
        assert !spark.sparkSubmitParameters.contains('snakeyaml')
    }
    // the application was updated (stop, PATCH, start) before the first run started, once
    def urls = requests.collect { it.request.method + ' ' + it.request.url }
    assert urls.count('PATCH /applications/00app') == 1
    assert urls.indexOf('PATCH /applications/00app') < urls.indexOf('POST /applications/00app/jobruns')
    // each run was watched after it started
    def firstStart = urls.indexOf('POST /applications/00app/jobruns')
    assert urls.findIndexOf { it.startsWith('GET /applications/00app/jobruns/00run') } > firstStart

    def listing = ItServers.bucketListing(basedir)
    assert listing.contains('artifacts/jars/trading-example-0.1.0-SNAPSHOT-')
    assert listing.contains('artifacts/config/config-')
} finally {
    ItServers.stop(basedir)
}
return true
