import dev.tradingpipeline.maven.testing.ItServers
import dev.tradingpipeline.maven.testing.LocalRegistry
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.util.zip.GZIPOutputStream

// example-project as a user has it: its pom.xml, config.yaml, sources and workflow
def example = new File(exampleProjectDir).toPath()
def base = basedir.toPath()
['pom.xml', 'config.yaml', 'src', '.github'].each { name ->
    def from = example.resolve(name)
    Files.walk(from).each { p ->
        def to = base.resolve(example.relativize(p).toString())
        if (Files.isDirectory(p)) {
            Files.createDirectories(to)
        } else {
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING)
        }
    }
}
// its config.yaml with S3 locations for the data, and the keys of the AWS side appended; the
// profile's property sets target emr
def config = new File(basedir, 'config.yaml').text
        .replace('target/trading/landing', 's3://it-bucket/landing')
        .replace('target/trading/warehouse', 's3://it-bucket/warehouse')
        .replace('target/trading/reports', 's3://it-bucket/reports')
new File(basedir, 'config.yaml.template').text = config + new File(basedir, 'emr.yaml.template').text

ItServers.start(basedir, new File(testServersDir))
LocalRegistry.seedBase(ItServers.registry(basedir), 'emr-base', ['linux/arm64'])

// what the driver leaves under logs-uri: the build shows the job's summary lines
def bytes = new ByteArrayOutputStream()
new GZIPOutputStream(bytes).withCloseable {
    it.write('[trading-summary] daily succeeded: 1 file(s) loaded\n'.getBytes('UTF-8'))
}
ItServers.putObject(basedir, 'logs/applications/00app/jobs/00run/SPARK_DRIVER/stdout.gz', bytes.toByteArray())
return true
