package dev.tradingpipeline.maven.artifacts;

import dev.tradingpipeline.maven.local.JobRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * What a remote run needs besides what the cluster provides: the job jar (our classes only), the
 * toolkit's other jars it runs with ({@code trading-core}), its third-party runtime libraries, and
 * the project's own jar when it adds code (a strategy of its own). Spark and Iceberg are provided by
 * EMR and are not part of it. The toolkit's jars always ship with the run, like the job jar, so that
 * an image built earlier never holds an older copy of them.
 *
 * @param jobJar     the trading-jobs jar, the run's entry point
 * @param toolkit    the toolkit's other jars in the job's runtime closure (same group as the job)
 * @param thirdParty the job's third-party runtime libraries (what build-image puts in the image)
 * @param projectJar the project's own jar, when it builds one
 */
public record JobArtifacts(Path jobJar, List<Path> toolkit, List<Path> thirdParty, Optional<Path> projectJar) {

    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");

    public JobArtifacts {
        toolkit = List.copyOf(toolkit);
        thirdParty = List.copyOf(thirdParty);
    }

    /** What ships with --jars: the toolkit's other jars, the third-party libraries, then the project's jar. */
    public List<Path> libraries() {
        List<Path> all = new ArrayList<>(toolkit);
        all.addAll(thirdParty);
        projectJar.ifPresent(all::add);
        return all;
    }

    /** For an application on the built image, whose image already holds the third-party libraries. */
    public JobArtifacts withoutThirdParty() {
        return new JobArtifacts(jobJar, toolkit, List.of(), projectJar);
    }

    /**
     * With jars a plain Spark cluster lacks (Iceberg's runtime, its AWS bundle) shipped before the
     * third-party libraries: what the spark target's runs need besides what EMR provides.
     */
    public JobArtifacts withClusterJars(List<Path> jars) {
        List<Path> all = new ArrayList<>(jars);
        all.addAll(thirdParty);
        return new JobArtifacts(jobJar, toolkit, all, projectJar);
    }

    /** Resolves single jars (no dependencies: shaded runtimes such as Iceberg's) by coordinates. */
    public static List<Path> resolveJars(RepositorySystem system, RepositorySystemSession session,
            List<RemoteRepository> repositories, List<String> coordinates) throws ArtifactResolutionException {
        List<Path> jars = new ArrayList<>();
        for (String c : coordinates) {
            jars.add(system.resolveArtifact(session, new ArtifactRequest(new DefaultArtifact(c), repositories, null))
                    .getArtifact().getFile().toPath());
        }
        return jars;
    }

    /** Resolves the job jar and its runtime closure at the plugin's version. */
    public static JobArtifacts resolve(RepositorySystem system, RepositorySystemSession session,
            List<RemoteRepository> repositories, JobRuntime runtime, Optional<Path> projectJar)
            throws DependencyResolutionException {
        String job = JobRuntime.JOB_GROUP_ID + ":" + JobRuntime.JOB_ARTIFACT_ID;
        CollectRequest collect = new CollectRequest(
                new Dependency(new DefaultArtifact(job + ":" + runtime.jobVersion()), "runtime"), repositories);
        DependencyFilter runtimeOnly = (node, parents) ->
                node.getDependency() == null || RUNTIME_SCOPES.contains(node.getDependency().getScope());
        Path jobJar = null;
        List<Path> toolkit = new ArrayList<>();
        List<Path> libraries = new ArrayList<>();
        for (ArtifactResult r : system.resolveDependencies(session, new DependencyRequest(collect, runtimeOnly))
                .getArtifactResults()) {
            var a = r.getArtifact();
            if ((a.getGroupId() + ":" + a.getArtifactId()).equals(job)) {
                jobJar = a.getFile().toPath();
            } else if (a.getGroupId().equals(JobRuntime.JOB_GROUP_ID)) {
                toolkit.add(a.getFile().toPath());
            } else {
                libraries.add(a.getFile().toPath());
            }
        }
        if (jobJar == null) {
            throw new IllegalStateException("Resolving " + job + ":" + runtime.jobVersion() + " gave no jar");
        }
        return new JobArtifacts(jobJar, toolkit, libraries, projectJar);
    }
}
