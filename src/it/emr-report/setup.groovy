import dev.tradingpipeline.maven.testing.ItServers
import java.util.zip.GZIPOutputStream

ItServers.start(basedir, new File(testServersDir))

// What the report job's driver leaves under the monitoring logUri: the build shows its summary line.
def bytes = new ByteArrayOutputStream()
new GZIPOutputStream(bytes).withCloseable {
    it.write(('spark startup noise\n' +
            '[trading-summary] report: s3://it-bucket/reports/strategy-report-20240105T000000Z-it.html\n')
            .getBytes('UTF-8'))
}
ItServers.putObject(basedir, 'logs/applications/00app/jobs/00run/SPARK_DRIVER/stdout.gz', bytes.toByteArray())
return true
