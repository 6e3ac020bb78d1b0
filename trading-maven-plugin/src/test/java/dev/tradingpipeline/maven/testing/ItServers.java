package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The servers of the EMR integration tests, for invoker's setup and verify scripts: S3Proxy as S3
 * and WireMock as EMR Serverless and STS, each a separate process on 127.0.0.1 ({@link TestProcess};
 * output in the test project's {@code target/s3proxy.log} and {@code target/wiremock.log}). Ports and process
 * ids go to {@code target/it-servers.properties} in the test project, so that verify.groovy (which
 * runs later, in another class loader) can read the servers' journals and stop them.
 */
public final class ItServers {

    public static final String BUCKET = "it-bucket";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private ItServers() {
    }

    /**
     * Starts both servers for a test project and renders its {@code config.yaml.template}
     * (placeholders {@code @S3@} and {@code @EMR@}, which also serves STS) into {@code config.yaml};
     * with {@code @REGISTRY@} in it, also a docker-registry ({@link LocalRegistry}).
     */
    public static Properties start(File basedir, File testServersDir) throws Exception {
        Path base = basedir.toPath();
        Path target = Files.createDirectories(base.resolve("target"));
        int s3Port = TestProcess.freeLoopbackPort();
        int emrPort = TestProcess.freeLoopbackPort();

        Path s3Data = Files.createDirectories(target.resolve("s3proxy-data"));
        Path s3Props = target.resolve("s3proxy.properties");
        Files.writeString(s3Props, String.join("\n",
                "s3proxy.endpoint=http://" + TestProcess.LOOPBACK + ":" + s3Port,
                "s3proxy.authorization=none",
                "s3proxy.ignore-unknown-headers=true",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + s3Data) + "\n");
        TestProcess s3 = start(TestProcess.java("S3Proxy", List.of("-jar",
                new File(testServersDir, "s3proxy.jar").getPath(), "--properties", s3Props.toString()))
                .log(target.resolve("s3proxy.log")));
        TestProcess emr = start(TestProcess.java("WireMock", List.of("-jar",
                new File(testServersDir, "wiremock.jar").getPath(),
                "--port", String.valueOf(emrPort), "--bind-address", TestProcess.LOOPBACK,
                "--root-dir", base.resolve("wiremock").toString(), "--disable-banner"))
                .log(target.resolve("wiremock.log")));
        try {
            s3.awaitPort(s3Port, START_TIMEOUT);
            emr.awaitPort(emrPort, START_TIMEOUT);
        } catch (RuntimeException e) {
            s3.stop();
            emr.stop();
            throw e;
        }
        request("PUT", "http://" + TestProcess.LOOPBACK + ":" + s3Port + "/" + BUCKET, null);

        Properties p = new Properties();
        p.setProperty("s3.port", String.valueOf(s3Port));
        p.setProperty("emr.port", String.valueOf(emrPort));
        p.setProperty("s3.pid", String.valueOf(s3.pid()));
        p.setProperty("emr.pid", String.valueOf(emr.pid()));
        store(p, target);
        Path template = base.resolve("config.yaml.template");
        String config = Files.exists(template) ? Files.readString(template) : "";
        if (config.contains("@REGISTRY@")) {
            LocalRegistry registry = LocalRegistry.start(target.resolve("registry"), stopWithJvm);
            p.setProperty("registry.host", registry.host());
            p.setProperty("registry.pid", String.valueOf(registry.pid()));
            store(p, target);
            config = config.replace("@REGISTRY@", registry.host());
        }
        if (Files.exists(template)) {
            Files.writeString(base.resolve("config.yaml"), config
                    .replace("@S3@", "http://" + TestProcess.LOOPBACK + ":" + s3Port)
                    .replace("@EMR@", "http://" + TestProcess.LOOPBACK + ":" + emrPort));
        }
        return p;
    }

    private static void store(Properties p, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target.resolve("it-servers.properties"))) {
            p.store(out, "servers of this integration test");
        }
    }

    public static Properties servers(File basedir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(basedir.toPath().resolve("target/it-servers.properties"))) {
            p.load(in);
        }
        return p;
    }

    /**
     * Command line for benchmarks: {@code start <project dir> <test-servers dir>} starts the
     * servers, renders the project's config and returns; {@code stop <project dir>} stops them.
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("start")) {
            stopWithJvm = false;
            Properties p = start(new File(args[1]), new File(args[2]));
            System.out.println("s3=" + p.getProperty("s3.port") + " emr=" + p.getProperty("emr.port"));
        } else if (args.length == 2 && args[0].equals("stop")) {
            stop(new File(args[1]));
        } else {
            System.err.println("usage: ItServers start <project dir> <test-servers dir> | stop <project dir>");
            System.exit(2);
        }
    }

    /** Stops the servers started for this test project. */
    public static void stop(File basedir) throws IOException {
        Properties p = servers(basedir);
        for (String key : List.of("s3.pid", "emr.pid", "registry.pid")) {
            if (p.getProperty(key) != null) {
                TestProcess.stop(Long.parseLong(p.getProperty(key)));
            }
        }
    }

    /** The requests WireMock received, as its admin API reports them (JSON). */
    public static String emrRequests(File basedir) throws IOException {
        return request("GET", "http://127.0.0.1:" + servers(basedir).getProperty("emr.port") + "/__admin/requests",
                null);
    }

    /** The keys in the test bucket (S3 ListObjectsV2 XML). */
    public static String bucketListing(File basedir) throws IOException {
        return request("GET", "http://127.0.0.1:" + servers(basedir).getProperty("s3.port") + "/" + BUCKET
                + "?list-type=2", null);
    }

    /** host:port of the test's docker-registry. */
    public static String registry(File basedir) throws IOException {
        return servers(basedir).getProperty("registry.host");
    }

    /** Puts an object into the test bucket. */
    public static void putObject(File basedir, String key, byte[] content) throws IOException {
        request("PUT", "http://127.0.0.1:" + servers(basedir).getProperty("s3.port") + "/" + BUCKET + "/" + key,
                content);
    }

    private static boolean stopWithJvm = true;

    private static TestProcess start(TestProcess.Builder launch) {
        if (!stopWithJvm) {
            launch.outliveJvm();
        }
        return launch.start();
    }

    private static String request(String method, String url, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        } else if (method.equals("PUT")) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(0);
            c.getOutputStream().close();
        }
        int code = c.getResponseCode();
        InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (code >= 400) {
            throw new IOException(method + " " + url + " answered " + code + ": " + text);
        }
        return text;
    }
}
