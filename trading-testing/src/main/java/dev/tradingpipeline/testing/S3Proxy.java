package dev.tradingpipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * S3Proxy on 127.0.0.1 as a child process ({@link TestProcess}), storing objects in a temporary
 * folder (its filesystem backend: a folder under {@link #dataDir()} is a bucket), taking any
 * credentials: a real S3 protocol endpoint for tests. Needs the system property
 * {@value #JAR_PROPERTY} that surefire sets (run the tests through Maven). Close it to stop it and
 * remove its storage.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String JAR_PROPERTY = "trading.test.s3proxy.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Path dataDir;
    private final TestProcess.Builder launch;
    private final URI endpoint;
    private TestProcess process;
    private TestProcess lastProcess;

    private S3Proxy(Path workDir, Path dataDir, TestProcess.Builder launch, URI endpoint) {
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.launch = launch;
        this.endpoint = endpoint;
    }

    /** Starts a server and waits until it answers HTTP. */
    public static S3Proxy start() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found (system property " + JAR_PROPERTY + " = " + jar
                    + "): run the tests through Maven, whose process-test-resources phase copies it");
        }
        try {
            Path workDir = Files.createTempDirectory("s3proxy-");
            Path data = Files.createDirectories(workDir.resolve("data"));
            URI endpoint = URI.create("http://" + TestProcess.LOOPBACK + ":" + TestProcess.freeLoopbackPort());
            Path properties = workDir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=none",
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.identity=test",
                    "jclouds.credential=test",
                    "jclouds.filesystem.basedir=" + data) + "\n");
            // one log for the server's whole life: a restarted server appends to what the first run printed
            TestProcess.Builder launch = TestProcess.java("S3Proxy", List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar, "--properties", properties.toString())).directory(workDir).appendLog();
            S3Proxy server = new S3Proxy(workDir, data, launch, endpoint);
            try {
                server.launch();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start S3Proxy: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server as an outage would: the port refuses connections from the moment this
     * returns; the stored objects (and unfinished multipart uploads) stay for {@link #restart()}.
     */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** Starts a stopped server again on the same port with the same storage, and waits until it answers. */
    public synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException("S3Proxy on " + endpoint + " is running");
        }
        launch();
    }

    private void launch() {
        TestProcess started = launch.start();
        lastProcess = started;
        started.awaitReady(endpoint.toString(), START_TIMEOUT, TestProcess.answersHttp(endpoint));
        process = started;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The backend's folder: each folder in it is a bucket. */
    public Path dataDir() {
        return dataDir;
    }

    /** What the server printed, for assertion messages. */
    public synchronized String log() {
        return lastProcess == null ? "" : lastProcess.output();
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is not worth failing a test over
        }
    }
}
