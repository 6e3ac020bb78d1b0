package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy on 127.0.0.1 as a child process ({@link TestProcess}), storing objects in a temporary
 * folder: a real S3 protocol endpoint for tests. Start one per test class ({@code @BeforeAll}) and
 * close it after ({@code @AfterAll}); starting takes a second or two. Needs the system property
 * {@value #JAR_PROPERTY} that surefire sets (run the tests through Maven).
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String JAR_PROPERTY = "trading.test.s3proxy.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final TestProcess.Builder launch;
    private final URI endpoint;
    private TestProcess process;
    private TestProcess lastProcess;
    private AwsClients clients;

    private S3ProxyServer(Path workDir, TestProcess.Builder launch, URI endpoint) {
        this.workDir = workDir;
        this.launch = launch;
        this.endpoint = endpoint;
    }

    /** Starts a server and waits until it answers HTTP. */
    public static S3ProxyServer start() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found (system property " + JAR_PROPERTY + " = " + jar
                    + "): run the tests through Maven, whose process-test-resources phase copies it");
        }
        try {
            Path workDir = Files.createTempDirectory("s3proxy-");
            Path data = Files.createDirectories(workDir.resolve("data"));
            int port = TestProcess.freeLoopbackPort();
            URI endpoint = URI.create("http://" + TestProcess.LOOPBACK + ":" + port);
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
            S3ProxyServer server = new S3ProxyServer(workDir, launch, endpoint);
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

    /** Settings that point S3 at this server (region us-east-1); add other endpoints with {@code with...}. */
    public AwsSettings settings() {
        return AwsSettings.defaults().withRegion(TestAws.REGION).withS3Endpoint(endpoint);
    }

    /** An S3 client for this server, made through {@link AwsClients} as the plugin makes its own. */
    public synchronized S3Client client() {
        if (clients == null) {
            clients = TestAws.clients(settings());
        }
        return clients.s3();
    }

    /**
     * A client of its own for this server, configured as {@link AwsClients#s3()} configures the
     * plugin's, with interceptors that see (and may change) each request and response: for tests
     * of headers that S3Proxy accepts but does not keep. The caller closes it.
     */
    public S3Client clientWith(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .httpClient(ApacheHttpClient.builder().build())
                .credentialsProvider(TestAws.credentials())
                .region(Region.of(TestAws.REGION))
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    /** Creates a bucket and returns its root location. */
    public S3Location createBucket(String name) {
        client().createBucket(r -> r.bucket(name));
        return new S3Location(name, "");
    }

    /** What the server printed, for assertion messages. */
    public synchronized String log() {
        return lastProcess == null ? "" : lastProcess.output();
    }

    @Override
    public synchronized void close() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
        stop();
        deleteRecursively(workDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is not worth failing a test over
        }
    }
}
