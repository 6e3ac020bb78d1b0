import dev.tradingpipeline.maven.testing.ItServers
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD FAILURE')
    assert log.contains('FAILED')
    // stateDetails and the tail of the driver's stdout and stderr, without opening the console
    assert log.contains('No landing file for 2024-01-05 in s3://it-bucket/landing')
    assert log.contains('driver stdout line 200')
    assert !log.contains('driver stdout line 1\n')
    assert log.contains('java.lang.IllegalStateException: No landing file for 2024-01-05')

    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def start = requests.find { it.request.method == 'POST' && it.request.url == '/applications/00app/jobruns' }
    def args = new JsonSlurper().parseText(start.request.body).jobDriver.sparkSubmit.entryPointArguments
    assert args.join(' ').contains('--mode daily')
    assert args.join(' ').contains('--date 2024-01-05')
} finally {
    ItServers.stop(basedir)
}
return true
