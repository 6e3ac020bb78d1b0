package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Iceberg's own REST catalog server ({@code org.apache.iceberg.rest.RESTCatalogServer}, the main
 * class of the {@code iceberg-open-api} jar, which bundles the REST fixture with S3FileIO, the AWS SDK
 * and SQLite) as a process of its own, for the spark target's integration test: a JDBC catalog in
 * a SQLite file under the test project's {@code target/}, tables under an {@code s3://} warehouse in
 * S3Proxy. The server writes table metadata itself, so it reaches S3Proxy too (path style), with the
 * credentials and region of the given environment, never as catalog properties (the server logs
 * those). Output goes to {@code target/rest-catalog.log}.
 *
 * <p>It takes its configuration from {@code CATALOG_*} environment variables ({@code CATALOG_IO__IMPL}
 * is {@code io-impl}) and its port from {@code CATALOG_REST_PORT}; it listens on every interface
 * (the fixture offers no bind address), on a free port of 127.0.0.1. Port and process id go to
 * {@code target/rest-catalog.properties} for {@link #stop(File)}; it also stops when the JVM that
 * started it ends.
 */
public final class RestCatalogServer {

    public static final String PROPERTIES = "rest-catalog.properties";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private record Started(TestProcess process, int port) {
    }

    private RestCatalogServer() {
    }

    /**
     * Starts the server for a test project and waits until {@code GET /v1/config} answers 200.
     *
     * @param jar the iceberg-open-api jar
     * @param warehouse the warehouse, e.g. {@code s3://it-bucket/warehouse}
     * @param s3Endpoint S3Proxy's URL
     * @param environment added to the server's environment: {@code AWS_ACCESS_KEY_ID},
     *                    {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION}
     * @return the catalog's URI ({@code http://127.0.0.1:<port>}), for {@code catalog.uri}
     */
    public static URI start(File basedir, Path jar, String warehouse, URI s3Endpoint, Map<String, String> environment)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The Iceberg REST catalog server's jar " + jar + " does not exist: the "
                    + "plugin's test-servers execution (process-test-resources) copies it");
        }
        Path target = Files.createDirectories(basedir.toPath().resolve("target"));
        Path database = target.resolve("rest-catalog.db");
        Files.deleteIfExists(database);
        Started server = TestProcess.onFreePort(3, port -> {
            TestProcess p = TestProcess.java("Iceberg REST catalog", List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString()))
                    .directory(target)
                    .log(target.resolve("rest-catalog.log"))
                    .environment(env -> {
                        env.keySet().removeIf(k -> k.startsWith("CATALOG_"));
                        env.put("CATALOG_REST_PORT", String.valueOf(port));
                        env.put("CATALOG_URI", "jdbc:sqlite:file:" + database);
                        env.put("CATALOG_JDBC_SCHEMA__VERSION", "V1");
                        env.put("CATALOG_WAREHOUSE", warehouse);
                        env.put("CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO");
                        env.put("CATALOG_S3_ENDPOINT", s3Endpoint.toString());
                        env.put("CATALOG_S3_PATH__STYLE__ACCESS", "true");
                        env.putAll(environment);
                    })
                    .start();
            URI config = uri(port).resolve("/v1/config");
            return new Started(p.awaitReady(config.toString(), START_TIMEOUT, () -> status(config) == 200), port);
        });
        int port = server.port();
        Properties p = new Properties();
        p.setProperty("port", String.valueOf(port));
        p.setProperty("uri", uri(port).toString());
        p.setProperty("pid", String.valueOf(server.process().pid()));
        try (OutputStream out = Files.newOutputStream(target.resolve(PROPERTIES))) {
            p.store(out, "the Iceberg REST catalog server of this integration test");
        }
        return uri(port);
    }

    /** The catalog's URI for this test project. */
    public static URI uri(File basedir) throws IOException {
        return URI.create(properties(basedir).getProperty("uri"));
    }

    /** Stops the server started for this test project. */
    public static void stop(File basedir) throws IOException {
        TestProcess.stop(Long.parseLong(properties(basedir).getProperty("pid")));
    }

    private static Properties properties(File basedir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(basedir.toPath().resolve("target").resolve(PROPERTIES))) {
            p.load(in);
        }
        return p;
    }

    private static URI uri(int port) {
        return URI.create("http://" + TestProcess.LOOPBACK + ":" + port);
    }

    private static int status(URI url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(5000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
