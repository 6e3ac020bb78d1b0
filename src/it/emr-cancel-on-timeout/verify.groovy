import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('CANCELLED')
    assert log.toLowerCase().contains('timeout')

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def cancels = requests.findAll { it.request.method == 'DELETE' }
    assert cancels.size() == 1
    assert cancels[0].request.url == '/applications/00app/jobruns/00run?shutdownGracePeriodInSeconds=30'
} finally {
    ItServers.stop(basedir)
}
return true
