import dev.tradingpipeline.maven.testing.ItServers
import java.util.zip.GZIPOutputStream

ItServers.start(basedir, new File(testServersDir))

// The driver's logs as EMR Serverless leaves them under the monitoring logUri.
def gz = { String text ->
    def bytes = new ByteArrayOutputStream()
    new GZIPOutputStream(bytes).withCloseable { it.write(text.getBytes('UTF-8')) }
    bytes.toByteArray()
}
def stdout = (1..200).collect { "driver stdout line $it" }.join('\n') +
        '\n[trading-summary] daily FAILED: No landing file for 2024-01-05 in s3://it-bucket/landing\n'
ItServers.putObject(basedir, 'logs/applications/00app/jobs/00run/SPARK_DRIVER/stdout.gz', gz(stdout))
ItServers.putObject(basedir, 'logs/applications/00app/jobs/00run/SPARK_DRIVER/stderr.gz',
        gz('java.lang.IllegalStateException: No landing file for 2024-01-05\n\tat dev.tradingpipeline.jobs.ingest.IngestJob.run\n'))
return true
