import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')
    // the first deploy uploads, the second finds everything in place
    assert log.count('uploaded trading-jobs-') == 1
    assert log =~ /trading-jobs-\S+ unchanged \(s3:\/\/it-bucket\/artifacts\/jars\/trading-jobs-\S+\), not uploaded/
    assert log =~ /config-?\S* unchanged|config\.yaml unchanged/

    // no image recorded: each deploy says so, and that it ships every library
    assert !new File(basedir, 'target/trading/image.json').exists()
    assert (log =~ /Runs without an image of build-image \(emr\.use-image=auto and no image recorded: \S+image\.json is absent \(trading:build-image writes it, mvn clean deletes it\); emr\.use-image=true runs on the application's image without it\): shipping the job jar, \d+ toolkit jars? and (all \d+ third-party libraries|1 third-party library)/).size() == 2

    def listing = ItServers.bucketListing(basedir)
    assert (listing =~ /<Key>artifacts\/jars\/trading-jobs-[^<]+\.jar<\/Key>/).size() == 1
    assert (listing =~ /<Key>artifacts\/config\/config-[0-9a-f]{12}\.yaml<\/Key>/).size() == 1

    def deployment = new JsonSlurper().parse(new File(basedir, 'target/trading/deployment.json'))
    assert !deployment.jobJar.uploaded
    // deploy talks to S3 only: no job run was started
    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    assert !requests.any { it.request.url.contains('/jobruns') }
} finally {
    ItServers.stop(basedir)
}
return true
