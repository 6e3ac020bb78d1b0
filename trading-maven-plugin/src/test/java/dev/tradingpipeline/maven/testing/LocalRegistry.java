package dev.tradingpipeline.maven.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.tradingpipeline.maven.image.RegistryClient;
import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 as a child process
 * ({@link TestProcess}), with its own config: no auth, storage in a folder of its own. A real
 * registry API v2 for the image tests (no Docker daemon involved). Also usable from invoker scripts: everything is static methods and
 * plain types, and {@link #start(Path)} writes {@code registry.host} and {@code registry.pid} into
 * its folder so that a later script can find it and {@link #stop(Path)} it.
 *
 * <p>The EMR Serverless base image cannot be pulled here; the {@code seed...} methods push small
 * stand-ins with the same user, working directory, entrypoint and environment.
 */
public final class LocalRegistry implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    public static final String SKIP_MESSAGE = "SKIPPED: Debian's docker-registry is not installed; "
            + "apt-get install docker-registry to run the image tests";
    public static final String BASE_ENTRYPOINT = "/usr/bin/entrypoint.sh";
    public static final String BASE_LABEL = "org.opencontainers.image.title";
    /** Sorted: Jib writes the environment in map order, and Map.of's order changes from JVM to JVM. */
    public static final Map<String, String> BASE_ENV = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            "JAVA_HOME", "/etc/alternatives/jre",
            "SPARK_HOME", "/usr/lib/spark")));

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Path workDir;
    private final boolean ownsWorkDir;
    private final TestProcess process;
    private final String host;
    private RegistryClient client;

    private LocalRegistry(Path workDir, boolean ownsWorkDir, TestProcess process, String host) {
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.process = process;
        this.host = host;
    }

    /** Whether {@value} exists and can run; tests skip (loudly) when it cannot. */
    public static boolean available() {
        return Files.isRegularFile(BINARY) && Files.isExecutable(BINARY);
    }

    /** Starts a registry storing into a temporary folder, deleted on {@link #close()}; its log goes under target/. */
    public static LocalRegistry start() {
        try {
            return start(Files.createTempDirectory("docker-registry-"), true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder for docker-registry: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a registry storing into {@code workDir} (kept on close, for inspection), logging to
     * {@code registry.log} there, and writes {@code registry.host} and {@code registry.pid} there.
     */
    public static LocalRegistry start(Path workDir) {
        return start(workDir, false, true);
    }

    /** As {@link #start(Path)}, but left running when this JVM ends when {@code stopWithJvm} is false. */
    public static LocalRegistry start(Path workDir, boolean stopWithJvm) {
        return start(workDir, false, stopWithJvm);
    }

    /** Stops a registry that {@link #start(Path)} started in that folder (e.g. from verify.groovy). */
    public static void stop(Path workDir) throws IOException {
        Path pid = workDir.resolve("registry.pid");
        if (Files.exists(pid)) {
            TestProcess.stop(Long.parseLong(Files.readString(pid).trim()));
        }
    }

    private static LocalRegistry start(Path workDir, boolean owned, boolean stopWithJvm) {
        if (!available()) {
            throw new IllegalStateException(SKIP_MESSAGE);
        }
        try {
            Files.createDirectories(workDir);
            Path data = Files.createDirectories(workDir.resolve("data"));
            Path config = workDir.resolve("config.yml");
            LocalRegistry registry = TestProcess.onFreePort(START_ATTEMPTS, port -> {
                String host = TestProcess.LOOPBACK + ":" + port;
                Files.writeString(config, String.join("\n",
                        "version: 0.1",
                        "log:",
                        "  level: warn",
                        "  accesslog:",
                        "    disabled: true",
                        "storage:",
                        "  filesystem:",
                        "    rootdirectory: " + data,
                        "  delete:",
                        "    enabled: true",
                        "http:",
                        "  addr: " + host,
                        "  secret: local-test-registry") + "\n");
                TestProcess.Builder launch = TestProcess.command("docker-registry",
                                List.of(BINARY.toString(), "serve", config.toString()))
                        .directory(workDir)
                        // REGISTRY_* variables override the config file: keep the machine's out
                        .environment(env -> env.keySet().removeIf(k -> k.startsWith("REGISTRY_")));
                if (!owned) {
                    launch.log(workDir.resolve("registry.log")).appendLog();
                }
                if (!stopWithJvm) {
                    launch.outliveJvm();
                }
                TestProcess process = launch.start()
                        .awaitReady(host, START_TIMEOUT, () -> answersV2(host));
                return new LocalRegistry(workDir, owned, process, host);
            });
            if (!owned) {
                Files.writeString(workDir.resolve("registry.host"), registry.host + "\n");
                Files.writeString(workDir.resolve("registry.pid"), registry.pid() + "\n");
            }
            return registry;
        } catch (IOException | RuntimeException e) {
            if (owned) {
                deleteRecursively(workDir);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot start docker-registry: " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Whether the registry API answers 200 on {@code /v2/} (no auth configured). */
    private static boolean answersV2(String host) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(2)).GET().build();
        return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image references. */
    public String host() {
        return host;
    }

    public long pid() {
        return process.pid();
    }

    /** A client for this registry (anonymous, plain HTTP). */
    public synchronized RegistryClient client() {
        if (client == null) {
            client = new RegistryClient(host, Optional.empty(), true);
        }
        return client;
    }

    /** What the registry printed, for assertion messages. */
    public String log() {
        return process.output();
    }

    @Override
    public void close() {
        process.stop();
        if (ownsWorkDir) {
            deleteRecursively(workDir);
        }
    }

    // ---- stand-ins for the EMR Serverless base image ----

    /** Pushes a linux/arm64 stand-in for the EMR base image as {@code <host>/<name>:latest}; returns that reference. */
    public static String seedArm64Base(LocalRegistry registry, String name) {
        return seedBase(registry.host(), name, List.of("linux/arm64"));
    }

    /** A linux/amd64-only stand-in: the wrong architecture for EMR Serverless on Graviton. */
    public static String seedAmd64Base(LocalRegistry registry, String name) {
        return seedBase(registry.host(), name, List.of("linux/amd64"));
    }

    /** A Docker manifest list with linux/amd64 and linux/arm64 images, like the public EMR images. */
    public static String seedMultiPlatformBase(LocalRegistry registry, String name) {
        return seedBase(registry.host(), name, List.of("linux/amd64", "linux/arm64"));
    }

    /**
     * Builds a tiny base image from scratch with Jib and pushes it to {@code <host>/<name>:latest}:
     * {@value #BASE_ENTRYPOINT} (a shell script) as entrypoint, {@code /etc/os-release}, user
     * hadoop:hadoop, working directory /home/hadoop, {@link #BASE_ENV} and one label. Two or more
     * platforms give a manifest list.
     *
     * @param platforms {@code <os>/<architecture>} each
     */
    public static String seedBase(String host, String name, List<String> platforms) {
        String reference = host + "/" + name + ":latest";
        Path dir = null;
        try {
            dir = Files.createTempDirectory("seed-base-");
            Path entrypoint = dir.resolve("entrypoint.sh");
            Files.writeString(entrypoint, "#!/bin/bash\n# stand-in for the EMR Serverless entrypoint\nexec \"$@\"\n");
            Path osRelease = dir.resolve("os-release");
            Files.writeString(osRelease, "NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\n"
                    + "PRETTY_NAME=\"EMR Serverless base image stand-in\"\n");
            FileEntriesLayer layer = FileEntriesLayer.builder().setName("base")
                    .addEntry(entrypoint, AbsoluteUnixPath.get(BASE_ENTRYPOINT), FilePermissions.fromOctalString("755"))
                    .addEntry(osRelease, AbsoluteUnixPath.get("/etc/os-release"))
                    .build();
            Set<Platform> jibPlatforms = new LinkedHashSet<>();
            for (String platform : platforms) {
                String[] parts = platform.split("/");
                jibPlatforms.add(new Platform(parts[1], parts[0]));
            }
            Jib.fromScratch()
                    .setPlatforms(jibPlatforms)
                    .setFileEntriesLayers(layer)
                    .setEntrypoint(BASE_ENTRYPOINT)
                    .setUser("hadoop:hadoop")
                    .setWorkingDirectory(AbsoluteUnixPath.get("/home/hadoop"))
                    .setEnvironment(BASE_ENV)
                    .addLabel(BASE_LABEL, "emr-serverless-base-stand-in")
                    .containerize(Containerizer.to(RegistryImage.named(reference))
                            .setAllowInsecureRegistries(true)
                            .setToolName("local-registry-seed")
                            .setBaseImageLayersCache(dir.resolve("cache/base"))
                            .setApplicationLayersCache(dir.resolve("cache/application")));
            return reference;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot push the base image stand-in " + reference + ": " + e, e);
        } finally {
            if (dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is not worth failing a test over
        }
    }
}
