import dev.tradingpipeline.maven.testing.MavenRepositoryServer
import dev.tradingpipeline.maven.testing.PublishedToolkit
import java.nio.file.Files
import java.nio.file.Path

def work = basedir.toPath().resolve('target')
Files.createDirectories(work)
// A version nothing else has: the sibling can only get the toolkit from the published repository.
def revision = '0.0.0-it-' + (System.currentTimeMillis().intdiv(1000))
def publisher = ['it-publisher', 'it-publish-token-' + UUID.randomUUID()]
def reader = ['it-reader', 'it-read-token-' + UUID.randomUUID()]
// Third-party artifacts (Maven's plugins, Spark, Iceberg): the invoking build's local repository,
// as the invoker's settings name it, so that neither build needs a network.
def thirdParty = PublishedToolkit.repositoryUrl(new File(basedir, '../interpolated-settings.xml').toPath(), 'local.central')
assert thirdParty.startsWith('file:') : "local.central of the invoker's settings is not a file:// repository: $thirdParty"

def server = null
def url
if (MavenRepositoryServer.available()) {
    server = MavenRepositoryServer.start(work.resolve('repository-server'),
            [(publisher[0]): publisher[1], (reader[0]): reader[1]])
    url = server.url().toString()
} else {
    println '[published-repository] LOUD: ' + MavenRepositoryServer.SKIP_MESSAGE
    url = Files.createDirectories(work.resolve('file-repository')).toUri().toString()
}
def facts = new Properties()
try {
    def toolkit = new File(toolkitDir).toPath().toRealPath()
    def mavenHome = Path.of(System.getProperty('maven.home'))
    def release = PublishedToolkit.publish(toolkit, work, revision, url, server ? publisher : [], thirdParty,
            new File(localRepositoryPath.toString()).toPath(), mavenHome)
    println "[published-repository] release $revision to $url: exit ${release.exitCode()} in ${release.millis()} ms"
    assert release.exitCode() == 0 : "the release failed (${release.command().join(' ')}); its log: ${release.log()}\n" +
            release.output().readLines().takeRight(40).join('\n')
    def sibling = PublishedToolkit.consume(toolkit, work, revision, url, server ? reader : [], thirdParty, mavenHome)
    println "[published-repository] sibling CI: exit ${sibling.exitCode()} in ${sibling.millis()} ms"
    facts.setProperty('sibling.exit', String.valueOf(sibling.exitCode()))
    facts.setProperty('sibling.command', sibling.command().join(' '))
    if (server) {
        // without credentials, and with the publisher's password under the reader's name: refused
        def pom = url + "dev/tradingpipeline/trading-pipeline-parent/$revision/trading-pipeline-parent-${revision}.pom"
        facts.setProperty('status.anonymous', String.valueOf(status(pom, null)))
        facts.setProperty('status.wrong-password', String.valueOf(status(pom, reader[0] + ':' + publisher[1])))
        facts.setProperty('status.reader', String.valueOf(status(pom, reader[0] + ':' + reader[1])))
    }
    // the credentials went through the environment and settings.xml only: no build printed them
    [release, sibling].each { build ->
        [publisher[1], reader[1]].each { secret -> assert !build.output().contains(secret) : "${build.log()} shows a password" }
    }
} finally {
    server?.close()
}
facts.setProperty('revision', revision)
facts.setProperty('url', url)
facts.setProperty('http', String.valueOf(server != null))
new File(basedir, 'published.properties').withOutputStream { facts.store(it, 'setup.groovy') }
return true

static int status(String url, String userPassword) {
    def c = (HttpURLConnection) new URL(url).openConnection()
    if (userPassword) {
        c.setRequestProperty('Authorization', 'Basic ' + userPassword.bytes.encodeBase64().toString())
    }
    try {
        return c.responseCode
    } finally {
        c.disconnect()
    }
}
