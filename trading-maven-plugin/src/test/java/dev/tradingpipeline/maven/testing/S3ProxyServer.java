package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.testing.S3Proxy;
import java.net.URI;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy on 127.0.0.1 ({@link S3Proxy}) with the plugin's own S3 clients pointed at it: a real S3
 * protocol endpoint for tests. Start one per test class ({@code @BeforeAll}) and
 * close it after ({@code @AfterAll}); starting takes a second or two. Needs the system property
 * {@value #JAR_PROPERTY} that surefire sets (run the tests through Maven).
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String JAR_PROPERTY = S3Proxy.JAR_PROPERTY;

    private final S3Proxy proxy;
    private AwsClients clients;

    private S3ProxyServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts a server and waits until it answers HTTP. */
    public static S3ProxyServer start() {
        return new S3ProxyServer(S3Proxy.start());
    }

    /**
     * Stops the server as an outage would: the port refuses connections from the moment this
     * returns; the stored objects (and unfinished multipart uploads) stay for {@link #restart()}.
     */
    public void stop() {
        proxy.stop();
    }

    /** Starts a stopped server again on the same port with the same storage, and waits until it answers. */
    public void restart() {
        proxy.restart();
    }

    public URI endpoint() {
        return proxy.endpoint();
    }

    /** Settings that point S3 at this server (region us-east-1); add other endpoints with {@code with...}. */
    public AwsSettings settings() {
        return AwsSettings.defaults().withRegion(TestAws.REGION).withS3Endpoint(proxy.endpoint());
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
                .endpointOverride(proxy.endpoint())
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
    public String log() {
        return proxy.log();
    }

    @Override
    public synchronized void close() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
        proxy.close();
    }
}
