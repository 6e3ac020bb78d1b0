package dev.tradingpipeline.maven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.maven.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriverLogsTest {

    private static S3ProxyServer server;
    private static S3Location logs;

    @BeforeAll
    static void startS3() {
        server = S3ProxyServer.start();
        logs = server.createBucket("job-logs").child("emr", "logs");
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keysFollowTheServiceLayout() {
        S3Location root = S3Location.parse("s3://b-1/logs/");
        assertThat(DriverLogs.location(root, "00f1", "00r2", 1, "stdout"))
                .hasToString("s3://b-1/logs/applications/00f1/jobs/00r2/SPARK_DRIVER/stdout.gz");
        assertThat(DriverLogs.location(root, "00f1", "00r2", 0, "stderr"))
                .hasToString("s3://b-1/logs/applications/00f1/jobs/00r2/SPARK_DRIVER/stderr.gz");
        assertThat(DriverLogs.location(root, "00f1", "00r2", 3, "stdout"))
                .hasToString("s3://b-1/logs/applications/00f1/jobs/00r2/attempts/3/SPARK_DRIVER/stdout.gz");
        assertThatThrownBy(() -> DriverLogs.location(root, "00f1", "00r2", 1, "syslog"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stdout or stderr");
    }

    @Test
    void tailsTheFirstAttempt() throws IOException {
        put(DriverLogs.location(logs, "app-1", "run-1", 1, "stdout"), gzip(lines(1, 100)));

        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-1", 1, "stdout", 3))
                .contains(List.of("line 98", "line 99", "line 100"));
        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-1", 0, "stdout", 1000))
                .hasValueSatisfying(l -> assertThat(l).hasSize(100).startsWith("line 1"));
        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-1", 1, "stdout", 0)).contains(List.of());
    }

    @Test
    void tailsALaterAttempt() throws IOException {
        put(DriverLogs.location(logs, "app-1", "run-2", 1, "stderr"), gzip("first attempt\n"));
        put(DriverLogs.location(logs, "app-1", "run-2", 2, "stderr"), gzip(lines(1, 50) + "Exception: boom\n"));

        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-2", 2, "stderr", 2))
                .contains(List.of("line 50", "Exception: boom"));
        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-2", 1, "stderr", 2))
                .contains(List.of("first attempt"));
    }

    @Test
    void readsConcatenatedGzipMembers() throws IOException {
        byte[] a = gzip(lines(1, 2));
        byte[] b = gzip(lines(3, 4));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        put(DriverLogs.location(logs, "app-1", "run-3", 1, "stdout"), both);

        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-3", 1, "stdout", 10))
                .contains(List.of("line 1", "line 2", "line 3", "line 4"));
    }

    @Test
    void aMissingLogIsEmpty() {
        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "no-such-run", 1, "stdout", 10)).isEmpty();
        assertThat(DriverLogs.tail(server.client(), logs, "app-1", "run-1", 2, "stdout", 10)).isEmpty();
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void put(S3Location location, byte[] content) {
        server.client().putObject(r -> r.bucket(location.bucket()).key(location.key()),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
    }
}
