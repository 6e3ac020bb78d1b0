import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('AWS account 123456789012')
    // what would be deleted, listed first
    assert log.contains('Stack trading-it (UPDATE_COMPLETE) holds 2 resources; trading:teardown deletes them all:')
    assert log =~ /Bucket +AWS::S3::Bucket +it-bucket +emptied first: 1 object version/
    assert log =~ /JobRole +AWS::IAM::Role +trading-it-JobRole-1A2B/
    assert log.contains('Nothing was deleted. To delete stack trading-it and everything listed above')
    assert log.contains('run again with -Dtrading.teardown.confirm=trading-it')

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def actions = requests.collect { (it.request.body =~ /Action=(\w+)/).with { m -> m.find() ? m.group(1) : null } }
            .findAll { it != null }
    assert actions.contains('DescribeStacks')
    assert actions.contains('ListStackResources')
    assert !actions.contains('DeleteStack')
    assert requests.every { it.request.method in ['GET', 'POST'] }
    assert ItServers.bucketListing(basedir).contains('config-1234.yaml')
} finally {
    ItServers.stop(basedir)
}
return true
