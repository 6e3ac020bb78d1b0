package dev.tradingpipeline.maven;

import dev.tradingpipeline.maven.config.OverrideSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Runs Iceberg maintenance on the pipeline's tables (the job's {@code maintenance} mode) on the
 * configured target: compaction (silver sorted by its scan order), manifest rewrite, snapshot
 * expiry and orphan-file removal, one summary line per table and action.
 * {@code -Dtrading.maintenance.dry-run=true} reports what it would do and changes nothing;
 * {@code -Dtrading.maintenance.tables=silver.option_eod,ops.landing_files} restricts the tables (the
 * config keys {@code maintenance.dry-run} and {@code maintenance.tables}).
 */
@Mojo(name = "maintain", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class MaintainMojo extends AbstractJobRunMojo {

    /** How errors name a value given through this goal's deprecated parameters. */
    static final String PARAMETER_LABEL = "trading:maintain parameter for ";

    /**
     * The config key {@code maintenance.dry-run} is the one name of this setting
     * ({@code -Dtrading.maintenance.dry-run=true}, or {@code <overrides><maintenance.dry-run>}). Still
     * read, with a warning, so that a POM's {@code <dryRun>true</dryRun>} keeps maintenance from
     * changing anything.
     *
     * @deprecated use the config key {@code maintenance.dry-run}
     */
    @Deprecated
    @Parameter
    private Boolean dryRun;

    /**
     * The config key {@code maintenance.tables} is the one name of this setting
     * ({@code -Dtrading.maintenance.tables=silver.option_eod}, or {@code <overrides><maintenance.tables>}).
     * Still read, with a warning.
     *
     * @deprecated use the config key {@code maintenance.tables}
     */
    @Deprecated
    @Parameter
    private String tables;

    @Inject
    public MaintainMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    protected String jobMode() {
        return "maintenance";
    }

    @Override
    protected List<OverrideSource> goalOverrides() {
        List<OverrideSource> sources = new ArrayList<>();
        if (dryRun != null) {
            getLog().warn("<dryRun> of trading:maintain is deprecated: use <overrides><maintenance.dry-run>"
                    + dryRun + "</maintenance.dry-run></overrides> or -Dtrading.maintenance.dry-run=" + dryRun);
            sources.add(new OverrideSource(PARAMETER_LABEL, Map.of("maintenance.dry-run", dryRun.toString())));
        }
        if (tables != null && !tables.isBlank()) {
            getLog().warn("<tables> of trading:maintain is deprecated: use <overrides><maintenance.tables>"
                    + tables.trim() + "</maintenance.tables></overrides> or -Dtrading.maintenance.tables=" + tables.trim());
            sources.add(new OverrideSource(PARAMETER_LABEL, Map.of("maintenance.tables", tables.trim())));
        }
        return sources;
    }
}
