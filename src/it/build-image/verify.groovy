import dev.tradingpipeline.maven.image.RegistryClient
import dev.tradingpipeline.maven.testing.ItServers
import dev.tradingpipeline.maven.testing.LocalRegistry
import dev.tradingpipeline.maven.testing.TarEntries
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('BUILD SUCCESS')

    def image = new JsonSlurper().parse(new File(basedir, 'target/trading/image.json'))
    def registry = ItServers.registry(basedir)
    assert image.imageReference.startsWith("${registry}/trading-jobs:1.0-SNAPSHOT-")
    assert image.digest ==~ /sha256:[0-9a-f]{64}/
    assert image.platform == 'linux/arm64'

    // the first build pushed; the second found the same digest and pushed nothing
    assert log.contains("Pushed ${image.imageReference} (${image.digest})")
    assert log.contains("Image ${image.imageReference} is up to date (${image.digest}): nothing pushed")
    assert !image.pushed

    // what the registry holds, read through its HTTP API
    def client = new RegistryClient(registry, Optional.empty(), true)
    def tag = image.imageReference.substring(image.imageReference.lastIndexOf(':') + 1)
    def manifest = client.manifest('trading-jobs', tag).get()
    assert manifest.digest() == image.digest
    def config = new JsonSlurper().parse(client.blob('trading-jobs', manifest.configDigest()))
    assert config.architecture == 'arm64'
    assert config.os == 'linux'
    assert config.config.User == 'hadoop:hadoop'
    assert config.config.WorkingDir == '/home/hadoop'
    assert config.config.Entrypoint == [LocalRegistry.BASE_ENTRYPOINT]
    assert config.config.Env.any { it.startsWith('JAVA_HOME=') }
    def layer = TarEntries.readGzipped(client.blob('trading-jobs', manifest.layerDigests().last()))
    def jars = layer.findAll { it.name().endsWith('.jar') }.collect { it.name() }
    assert jars == ['usr/share/trading/lib/snakeyaml-2.2.jar'] || jars == ['/usr/share/trading/lib/snakeyaml-2.2.jar']

    // the application was pointed at the new image once: stop, PATCH by digest and ARM64, start
    def requests = new JsonSlurper().parseText(ItServers.emrRequests(basedir)).requests
    def patches = requests.findAll { it.request.method == 'PATCH' && it.request.url == '/applications/00app' }
    assert patches.size() == 1
    def body = new JsonSlurper().parseText(patches[0].request.body)
    assert body.imageConfiguration.imageUri == "${registry}/trading-jobs@${image.digest}".toString()
    assert body.architecture == 'ARM64'
    assert requests.count { it.request.url == '/applications/00app/stop' } == 1
    assert requests.count { it.request.url == '/applications/00app/start' } == 1
    assert log.contains('Application left as it is: the image did not change')
} finally {
    ItServers.stop(basedir)
}
return true
