import dev.tradingpipeline.maven.testing.ItServers
import java.util.zip.GZIPOutputStream

ItServers.start(basedir, new File(testServersDir))

// What the driver leaves under the monitoring logUri: the build shows the job's summary lines.
def bytes = new ByteArrayOutputStream()
new GZIPOutputStream(bytes).withCloseable {
    it.write(('spark startup noise\n' +
            '[trading-summary] maintenance dry run: 1 table(s) inspected, nothing changed, in 9s\n' +
            '[trading-summary] silver.option_eod dry-run: 40 data files (1.2 GB), 12 small (below 402.7 MB)\n')
            .getBytes('UTF-8'))
}
ItServers.putObject(basedir, 'logs/applications/00app/jobs/00run/SPARK_DRIVER/stdout.gz', bytes.toByteArray())
return true
