package dev.tradingpipeline.maven.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * The class path of a local run: the project's own runtime class path first (a user project adds
 * its classes; its trading-jobs is of the plugin's version, {@link ToolkitVersionCheck}), then Spark,
 * the Iceberg runtime and the trading job, resolved in one request so that Maven's version
 * mediation applies across them.
 */
public final class LocalRuntimeClasspath {

    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    public LocalRuntimeClasspath(RepositorySystem system, RepositorySystemSession session,
            List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = List.copyOf(repositories);
    }

    /**
     * @param projectEntries     the project's runtime class path (output folder and artifacts)
     * @param projectArtifactKeys {@code groupId:artifactId} of the project's runtime artifacts
     */
    public List<Path> resolve(JobRuntime runtime, List<Path> projectEntries, Set<String> projectArtifactKeys)
            throws DependencyResolutionException {
        CollectRequest collect = new CollectRequest();
        for (String coordinates : runtime.coordinates()) {
            collect.addDependency(new Dependency(new DefaultArtifact(coordinates), "runtime"));
        }
        collect.setRepositories(repositories);
        DependencyFilter runtimeOnly = (node, parents) ->
                node.getDependency() == null || RUNTIME_SCOPES.contains(node.getDependency().getScope());
        List<ArtifactResult> results = system.resolveDependencies(session, new DependencyRequest(collect, runtimeOnly))
                .getArtifactResults();
        List<Artifact> resolved = new ArrayList<>();
        for (ArtifactResult result : results) {
            resolved.add(result.getArtifact());
        }
        return merge(projectEntries, projectArtifactKeys, resolved);
    }

    /** Project entries first, then resolved jars whose groupId:artifactId the project lacks. */
    static List<Path> merge(List<Path> projectEntries, Set<String> projectArtifactKeys, List<Artifact> resolved) {
        Set<Path> classpath = new LinkedHashSet<>(projectEntries);
        for (Artifact a : resolved) {
            if (a.getFile() != null && !projectArtifactKeys.contains(a.getGroupId() + ":" + a.getArtifactId())) {
                classpath.add(a.getFile().toPath());
            }
        }
        return List.copyOf(classpath);
    }
}
