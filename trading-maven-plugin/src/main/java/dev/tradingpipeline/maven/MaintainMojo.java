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
 */
@Mojo(name = "maintain", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class MaintainMojo extends AbstractJobRunMojo {

    /** How errors name a value given through this goal's parameters. */
    static final String PARAMETER_LABEL = "trading:maintain parameter for ";

    /**
     * Report what maintenance would do (small files, snapshots, manifests, metadata size, orphan
     * files) and change nothing. Sets the config key {@code maintenance.dry-run}.
     */
    @Parameter(property = "trading.maintain.dry-run")
    private Boolean dryRun;

    /**
     * Comma-separated tables to maintain, e.g. {@code silver.option_eod,ops.landing_files}; empty:
     * all of them. Sets the config key {@code maintenance.tables}.
     */
    @Parameter(property = "trading.maintain.tables")
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
            sources.add(new OverrideSource(PARAMETER_LABEL, Map.of("maintenance.dry-run", dryRun.toString())));
        }
        if (tables != null && !tables.isBlank()) {
            sources.add(new OverrideSource(PARAMETER_LABEL, Map.of("maintenance.tables", tables.trim())));
        }
        return sources;
    }
}
