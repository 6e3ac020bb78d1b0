import dev.tradingpipeline.maven.testing.ItServers
import dev.tradingpipeline.maven.testing.SparkTargetServers
import dev.tradingpipeline.sample.SampleDataGenerator
import java.nio.file.Files

// The recipe of docs/spark-target.md as a user copies it, with this test's hosts in place of its own.
def doc = new File(sparkTargetDoc).text
def start = doc.indexOf('<!-- spark-target-config -->')
def end = doc.indexOf('<!-- /spark-target-config -->')
assert start >= 0 && end > start : 'docs/spark-target.md has no spark-target-config block'
def block = doc.substring(start, end)
def recipe = block.substring(block.indexOf('```yaml') + '```yaml'.length(), block.lastIndexOf('```')).trim()
def template = recipe
        .replace('spark://spark-master.example.internal:7077', '@SPARK_MASTER@')
        .replace('/opt/spark', '@SPARK_HOME@')
        .replace('http://iceberg-rest.example.internal:8181', '@REST@')
        .replace('http://s3.example.internal:9000', '@S3@')
        .replace('s3://my-bucket/trading/', 's3://' + ItServers.BUCKET + '/')
['example.internal', 'my-bucket'].each { assert !template.contains(it) : "the recipe's $it was not replaced" }
def common = new File(basedir, 'common.yaml').text
new File(basedir, 'config.yaml.template').text = template + '\n' + common
new File(basedir, 'local.yaml').text = new File(basedir, 'local.yaml.head').text + common

// Five trading days of ^SPX: the first four for the bootstrap (landing/boot), the fifth for the daily run.
def sample = new File(basedir, 'target/sample')
assert SampleDataGenerator.run(['--out', sample.path, '--start', '2024-01-02', '--days', '5', '--rows-per-day', '1000',
        '--underlyings', '^SPX'] as String[], System.out, System.err) == 0
def files = sample.listFiles().findAll { it.name.endsWith('.csv') }.sort { it.name }
assert files.size() == 5

// Spark's jars come through a nested Maven build with this build's settings and local repository.
// and one bad row in the fifth day's file (a strike that is not a number): the rejects table too
def last = files[4]
def row = last.readLines().last().split(',', -1)
row[4] = 'not-a-strike'
last.append(row.join(',') + '\n')

def servers = SparkTargetServers.start(basedir, new File(testServersDir), new File(testServersDir, '../spark-home').toPath(),
        new File(System.getProperty('maven.home')).toPath(),
        ['-s', new File(basedir, '../interpolated-settings.xml').path, "-Dmaven.repo.local=$localRepositoryPath".toString()])
// where the spark target reads the workers to check a sizing (the test's master has no port 8080)
def cluster = new Properties()
new File(basedir, 'target/spark-cluster.properties').withInputStream { cluster.load(it) }
def config = new File(basedir, 'config.yaml')
config.text = config.text.replaceFirst(/(?m)^spark:\n/, "spark:\n  master-web-ui: ${cluster.getProperty('master.webui')}\n")
assert config.text.contains('master-web-ui: http://127.0.0.1:')

files.eachWithIndex { f, i ->
    def folder = i < 4 ? 'boot' : 'next'
    ItServers.putObject(basedir, "landing/$folder/${f.name}", f.bytes)
    def local = new File(basedir, "target/landing/$folder/${f.name}")
    local.parentFile.mkdirs()
    Files.copy(f.toPath(), local.toPath())
}
println "[spark-target] SPARK_HOME assembled in ${servers.getProperty('millis.assemble')} ms, cluster up in " +
        "${servers.getProperty('millis.cluster')} ms, REST catalog in ${servers.getProperty('millis.rest')} ms"
return true
