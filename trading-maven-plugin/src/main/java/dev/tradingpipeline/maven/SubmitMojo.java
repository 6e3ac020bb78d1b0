package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/** Runs the trading job in one mode on the configured target. */
@Mojo(name = "submit", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class SubmitMojo extends AbstractJobRunMojo {

    /** The job mode: bootstrap, daily, strategy, maintenance or report (trading:report also takes a run id). */
    @Parameter(property = "mode", required = true)
    private String mode;

    /** The business date (yyyy-MM-dd); the job's default when not set. */
    @Parameter(property = "trading.date")
    private String date;

    @Inject
    public SubmitMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        if (mode == null || !ConfigKeys.MODES.contains(mode.trim())) {
            throw new MojoFailureException("Unknown mode '" + mode + "' (-Dmode / <mode>): expected one of "
                    + String.join(", ", ConfigKeys.MODES));
        }
        mode = mode.trim();
        if (date != null && !date.isBlank()) {
            try {
                LocalDate.parse(date.trim());
            } catch (DateTimeParseException e) {
                throw new MojoFailureException("-Dtrading.date / <date> must be a date as yyyy-MM-dd, got '" + date + "'");
            }
        }
    }

    @Override
    protected String jobMode() {
        return mode;
    }

    @Override
    protected LocalDate businessDate() {
        return date == null || date.isBlank() ? null : LocalDate.parse(date.trim());
    }
}
