package dev.tradingpipeline.maven.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The toolkit's jars in a user's project must be of the plugin's own version: the plugin runs the
 * {@code trading-jobs} it was built with ({@link JobRuntime#jobVersion()}), while the project's
 * strategies compile against, and a local run puts first on its class path, the project's
 * {@code trading-jobs} and {@code trading-core}. Two versions would run one's code against the
 * other's, so a goal refuses them before any work starts.
 */
public final class ToolkitVersionCheck {

    /** What a job run puts on its class path from the project, besides the project's own classes. */
    static final Set<String> CHECKED = Set.of(JobRuntime.JOB_ARTIFACT_ID, "trading-core");

    /**
     * A dependency of the project, as Maven resolved it.
     *
     * @param baseVersion the version as written, {@code 1.2.0-SNAPSHOT} rather than a deployed
     *                    snapshot's timestamp
     * @param trail       the dependency path from the project to it (groupId:artifactId:version),
     *                    the project first; may be empty
     */
    public record ProjectArtifact(String groupId, String artifactId, String baseVersion, List<String> trail) {
        public ProjectArtifact {
            trail = List.copyOf(trail);
        }
    }

    private ToolkitVersionCheck() {
    }

    /**
     * A message naming each of the toolkit's jars in the project whose version is not the
     * plugin's, and both versions; empty when there is none.
     */
    public static Optional<String> mismatch(String pluginVersion, List<ProjectArtifact> projectArtifacts) {
        List<String> problems = new ArrayList<>();
        for (ProjectArtifact a : projectArtifacts) {
            if (JobRuntime.JOB_GROUP_ID.equals(a.groupId()) && CHECKED.contains(a.artifactId())
                    && !pluginVersion.equals(a.baseVersion())) {
                problems.add(a.groupId() + ":" + a.artifactId() + " " + a.baseVersion() + via(a));
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The project depends on " + String.join(" and ", problems)
                + ", but this is trading-maven-plugin " + pluginVersion + ", which runs trading-jobs "
                + pluginVersion + ": the plugin and the toolkit's jars must be of one version. Take both from"
                + " the parent trading-pipeline-parent (no <version> on trading-jobs or on the plugin), or set"
                + " the same version on both.");
    }

    /** " (through a:b:1 > c:d:2)" when it came in through another dependency. */
    private static String via(ProjectArtifact a) {
        // the trail starts with the project and ends with the artifact itself
        if (a.trail().size() <= 2) {
            return "";
        }
        return " (through " + String.join(" > ", a.trail().subList(1, a.trail().size() - 1)) + ")";
    }
}
