package dev.tradingpipeline.maven;

import dev.tradingpipeline.sample.SampleDataGenerator;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.sample.SampleDataPlan;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes synthetic Cboe-format daily files into {@code paths.landing}, as configured by the
 * {@code sample.*} keys. Days whose file exists are skipped, so raising {@code sample.days} adds
 * only the new days.
 */
@Mojo(name = "sample-data", threadSafe = true)
public class SampleDataMojo extends AbstractTradingMojo {

    /**
     * Do nothing when the landing folder already holds landing files. Default: false. (Old name,
     * deprecated: {@code trading.sampleOnlyIfEmpty}.)
     */
    @Parameter(property = "trading.sample-data.only-if-empty", defaultValue = "${trading.sampleOnlyIfEmpty}")
    private boolean onlyIfEmpty = false;

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        SampleDataPlan plan = SampleDataPlan.from(config.config());
        Failures.during("writing sample data to " + plan.landingDir(), () -> {
            if (onlyIfEmpty && plan.landingHasFiles()) {
                getLog().info("Landing folder " + plan.landingDir()
                        + " already holds landing files: no sample data written"
                        + " (-Dtrading.sample-data.only-if-empty / <onlyIfEmpty> is true)");
                return;
            }
            getLog().info(String.format(Locale.ROOT, "Writing sample data to %s: %d trading days from %s, %,d rows a day",
                    plan.landingDir(), plan.spec().days(), plan.spec().startDate(), plan.spec().rowsPerDay()));
            SampleDataGenerator.GenerationResult result = new SampleDataGenerator(plan.spec())
                    .generate(plan.landingDir(), getLog()::info);
            getLog().info(String.format(Locale.ROOT, "Sample data: %d files written (%,d rows, %.1f MB), %d existing skipped",
                    result.written().size(), result.rowsWritten(), result.bytesWritten() / 1e6,
                    result.skipped().size()));
        });
    }
}
