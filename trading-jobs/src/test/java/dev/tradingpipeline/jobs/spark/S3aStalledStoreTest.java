package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tradingpipeline.core.config.TradingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write through S3A to a store that takes the upload and never answers (S3Proxy cannot stall; a
 * small HTTP server on 127.0.0.1 here): with the job's S3A settings and a short request bound, as a
 * user would give it, the write fails within seconds with S3A's error naming the object.
 */
class S3aStalledStoreTest {

    private static final String EMPTY_LISTING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>lake</Name><KeyCount>0</KeyCount>\
            <MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>""";

    @TempDir
    Path dir;

    private HttpServer store;
    private ExecutorService threads;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStore() throws IOException {
        store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stalled-store");
            t.setDaemon(true);
            return t;
        });
        store.setExecutor(threads);
        store.createContext("/", this::answer);
        store.start();
    }

    /** Nothing is there (HEAD 404, empty listings); an upload is read and never answered. */
    private void answer(HttpExchange x) throws IOException {
        requests.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
        try (x) {
            x.getRequestBody().readAllBytes();
            switch (x.getRequestMethod()) {
                case "HEAD" -> x.sendResponseHeaders(404, -1);
                case "GET" -> {
                    byte[] body = EMPTY_LISTING.getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().add("Content-Type", "application/xml");
                    x.sendResponseHeaders(200, body.length);
                    x.getResponseBody().write(body);
                }
                case "PUT" -> {
                    try {
                        released.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    x.sendResponseHeaders(500, -1);
                }
                default -> x.sendResponseHeaders(500, -1);
            }
        }
    }

    @AfterEach
    void stopStore() {
        released.countDown();
        store.stop(0);
        threads.shutdownNow();
    }

    @Test
    void aWriteToAStoreThatDoesNotAnswerFailsWithinTheBoundNamingTheObject() throws Exception {
        String endpoint = "http://127.0.0.1:" + store.getAddress().getPort();
        TradingConfig config = TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("aws.endpoints.s3", endpoint, "aws.region", "us-east-1"), "--set ");
        Configuration hadoop = new Configuration();
        hadoop.set("fs.s3a.access.key", "test", "the test");
        hadoop.set("fs.s3a.secret.key", "test", "the test");
        hadoop.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider", "the test");
        hadoop.setBoolean("fs.s3a.impl.disable.cache", true);
        hadoop.set("fs.s3a.buffer.dir", dir.resolve("buffer").toString(), "the test");
        // the user's values win over the job's: a short bound keeps the test short
        hadoop.set("fs.s3a.connection.request.timeout", "1s", "the test");
        hadoop.set("fs.s3a.retry.limit", "0", "the test");
        S3Access.apply(hadoop, config);
        assertThat(hadoop.get("fs.s3a.connection.request.timeout")).isEqualTo("1s");
        assertThat(hadoop.get("fs.s3a.attempts.maximum")).isEqualTo("1");
        org.apache.hadoop.fs.Path object = new org.apache.hadoop.fs.Path("s3a://lake/reports/report.html");

        long start = System.nanoTime();
        Throwable failure;
        try (FileSystem fs = object.getFileSystem(hadoop)) {
            failure = catchThrowable(() -> {
                try (OutputStream out = fs.create(object, true)) {
                    out.write("<html></html>".getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(requests).as("the upload reached the store").contains("PUT /lake/reports/report.html");
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("reports/report.html");
        // two tries (fs.s3a.attempts.maximum=1 retry) of at most 1 s each, not the store's 30 s
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(requests.stream().filter(r -> r.startsWith("PUT"))).hasSize(2);
    }
}
