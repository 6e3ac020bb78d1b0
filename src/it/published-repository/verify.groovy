import dev.tradingpipeline.maven.testing.MavenRepositoryServer
import dev.tradingpipeline.maven.testing.PublishedToolkit
import java.util.zip.ZipFile

def facts = new Properties()
new File(basedir, 'published.properties').withInputStream { facts.load(it) }
def revision = facts.getProperty('revision')
def work = new File(basedir, 'target')
def http = facts.getProperty('http') == 'true'
def repository = http ? new File(work, 'repository-server/repository') : new File(work, 'file-repository')

// The release: the parent, trading-core, trading-sample, trading-jobs and the plugin at the version
// of the command line, POMs with checksums and no ${revision} left; not the test helpers or benchmarks.
def group = new File(repository, 'dev/tradingpipeline')
assert group.list().findAll { new File(group, it).isDirectory() }.toSorted() == PublishedToolkit.PUBLISHED.toSorted()
PublishedToolkit.PUBLISHED.each { artifact ->
    def dir = new File(group, "$artifact/$revision")
    def pom = new File(dir, "$artifact-${revision}.pom")
    assert pom.isFile() && new File(dir, "$artifact-${revision}.pom.sha1").isFile()
    assert !pom.text.contains('${revision}') : "$pom still holds \${revision}"
    assert pom.text.contains("<version>$revision</version>")
    if (artifact != 'trading-pipeline-parent') {
        assert new File(dir, "$artifact-${revision}.jar").isFile()
        assert pom.text =~ /(?s)<parent>.*<artifactId>trading-pipeline-parent<\/artifactId>\s*<version>${java.util.regex.Pattern.quote(revision)}<\/version>/
    }
}
def parentPom = new File(group, "trading-pipeline-parent/$revision/trading-pipeline-parent-${revision}.pom").text
assert parentPom.contains("<trading-pipeline.version>$revision</trading-pipeline.version>")
// the plugin runs the trading-jobs of its own version
new ZipFile(new File(group, "trading-maven-plugin/$revision/trading-maven-plugin-${revision}.jar")).withCloseable { jar ->
    def runtime = new Properties()
    jar.getInputStream(jar.getEntry('dev/tradingpipeline/maven/runtime.properties')).withCloseable { runtime.load(it) }
    assert runtime.getProperty('plugin.version') == revision
}

// The sibling's CI: example-project's workflow command, all of the pipeline on the published toolkit.
def log = new File(work, 'sibling-ci.log').text
assert facts.getProperty('sibling.exit') == '0' : "the sibling's build failed: ${new File(work, 'sibling-ci.log')}"
assert facts.getProperty('sibling.command').contains(' verify -Dtrading.sample.rows-per-day=5000')
assert log.contains('BUILD SUCCESS')
assert log.contains("trading-maven-plugin:$revision:submit (bootstrap) @ trading-example")
assert log =~ /\[trading-summary\] bootstrap succeeded: 20 file\(s\) loaded, 0 failed/
assert log =~ /\[trading-summary\] daily succeeded: 1 file\(s\) loaded, 0 failed, 20 already loaded/
assert log =~ /\[trading-summary\] strategy succeeded/
assert new File(work, 'sibling/target/trading/reports').listFiles().any { it.name.endsWith('.html') }

// Its local repository started empty and got every artifact of the toolkit from the published
// repository (Maven's record of where each came from), and no other version of them.
def origins = PublishedToolkit.toolkitOrigins(new File(work, 'sibling-local-repository').toPath())
assert origins.keySet() == PublishedToolkit.PUBLISHED.collect { "$it/$revision".toString() } as Set
origins.each { artifact, from -> assert from == [PublishedToolkit.REPOSITORY_ID] : "$artifact came from $from" }

if (http) {
    // every upload by the release's user, every download of the toolkit by the sibling's; a request
    // without the password, or with another user's, is refused
    def requests = new File(work, "repository-server/${MavenRepositoryServer.ACCESS_LOG}").readLines()
    def puts = requests.findAll { it.contains(' PUT ') }
    assert puts && puts.every { it.startsWith('201 PUT ') && it.endsWith(' user=it-publisher') }
    def gets = requests.findAll { it.startsWith('200 GET /dev/tradingpipeline/') }
    assert gets.any { it.contains("/trading-jobs-${revision}.jar") }
    assert gets.every { it.endsWith(' user=it-reader') }
    assert facts.getProperty('status.anonymous') == '401'
    assert facts.getProperty('status.wrong-password') == '401'
    assert facts.getProperty('status.reader') == '200'
} else {
    println '[published-repository] LOUD: ' + MavenRepositoryServer.SKIP_MESSAGE
}
return true
