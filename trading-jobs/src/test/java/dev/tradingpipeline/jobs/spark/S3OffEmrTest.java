package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import dev.tradingpipeline.testing.S3Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3://} off EMR, against a real S3 endpoint (S3Proxy on 127.0.0.1): no file system is
 * registered for the scheme outside EMR, so the job serves it with S3A, its endpoint and region
 * from the configuration, its credentials from the AWS default chain (here the {@code aws.*}
 * system properties). The job's {@code --config} and its landing files are read from there.
 */
class S3OffEmrTest {

    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretKey",
            "spark.hadoop.fs.s3a.endpoint", "spark.hadoop.fs.s3a.path.style.access",
            "spark.hadoop.fs.s3a.endpoint.region");

    private static S3Proxy s3proxy;
    private static URI endpoint;
    private static Path bucket;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3proxy = S3Proxy.start();
        endpoint = s3proxy.endpoint();
        bucket = Files.createDirectories(s3proxy.dataDir().resolve("lake")); // a folder of the backend is a bucket
        // the AWS default credential chain finds these (S3Proxy takes any)
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretKey", "test");
        // how a spark-submit off EMR names its store for what the job reads before its configuration
        System.setProperty("spark.hadoop.fs.s3a.endpoint", endpoint.toString());
        System.setProperty("spark.hadoop.fs.s3a.path.style.access", "true");
        System.setProperty("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    }

    /** A PUT of an object into the bucket (S3Proxy here takes unsigned requests). */
    private static void put(String key, byte[] body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/lake/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PUT %s: %s", key, r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        PROPERTIES.forEach(System::clearProperty);
        FileSystem.closeAll();
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Test
    void noFileSystemServesS3HereSoS3aDoesWithTheConfiguredEndpointAndRegion() {
        assertThat(S3Access.settings(new org.apache.hadoop.conf.Configuration(), null))
                .containsEntry("fs.s3.impl", S3Access.S3A)
                .containsEntry("fs.s3a.aws.credentials.provider", S3Access.DEFAULT_CHAIN);
        TradingConfig config = TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("aws.endpoints.s3", "http://127.0.0.1:9000", "aws.region", "eu-west-1"), "--set ");
        assertThat(S3Access.settings(new org.apache.hadoop.conf.Configuration(), config))
                .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:9000")
                .containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.endpoint.region", "eu-west-1");
        // on EMR, s3:// is EMRFS and the endpoints are the service's
        TradingConfig onEmr = TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("target", "emr", "aws.endpoints.s3", "http://127.0.0.1:9000"), "--set ");
        assertThat(S3Access.settings(new org.apache.hadoop.conf.Configuration(), onEmr)).isEmpty();
    }

    @Test
    void withoutS3aAnS3LocationFailsBeforeSparkNamingEveryKey() {
        TradingConfig config = TradingConfig.parse("", "config.yaml", dir.toString(), Map.of(
                "paths.landing", "s3://lake/landing", "paths.reports", "s3a://lake/reports",
                "paths.warehouse", "s3://lake/warehouse"), "--set ");
        org.apache.hadoop.conf.Configuration plain = new org.apache.hadoop.conf.Configuration();

        // S3A not on the class path (as the local runner's is without hadoop-aws)
        assertThat(S3Access.unreachable(config, plain, className -> false))
                .extracting(p -> p.key()).containsExactly("paths.landing", "paths.reports", "paths.warehouse");
        assertThat(S3Access.unreachable(config, plain, className -> false).get(0).line())
                .startsWith("config.yaml: key 'paths.landing': 's3://lake/landing' is in S3")
                .contains("org.apache.hadoop:hadoop-aws");
        // with S3A, or a file system serving s3:// (EMRFS) for the s3:// ones, nothing to say
        assertThat(S3Access.unreachable(config, plain, className -> true)).isEmpty();
        org.apache.hadoop.conf.Configuration emrfsLike = new org.apache.hadoop.conf.Configuration();
        emrfsLike.set("fs.s3.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        assertThat(S3Access.unreachable(config, emrfsLike, className -> false)).extracting(p -> p.key())
                .containsExactly("paths.reports");
        // a Glue or REST catalog reaches an S3 warehouse through S3FileIO, not Hadoop
        TradingConfig rest = TradingConfig.parse("", "config.yaml", dir.toString(), Map.of(
                "catalog.type", "rest", "paths.warehouse", "s3://lake/warehouse"), "--set ");
        assertThat(S3Access.unreachable(rest, plain, className -> false)).isEmpty();
    }

    @Test
    void theConfigAndTheLandingFilesAreReadFromS3() throws Exception {
        String prefix = "s3://lake/" + dir.getFileName();
        String landingUri = prefix + "/landing";
        TradingConfig config = SparkTestSession.newConfig(dir, Map.of("paths.landing", landingUri,
                "aws.endpoints.s3", endpoint.toString(), "aws.region", "us-east-1"));
        // uploaded through the S3 API (as a vendor's delivery is), so the store keeps their ETags
        for (Path file : SparkTestSession.sample(dir.resolve("delivery"), LocalDate.of(2024, 3, 4), 2, 40,
                Compression.CSV)) {
            put(dir.getFileName() + "/landing/" + file.getFileName(), Files.readAllBytes(file));
        }
        put(dir.getFileName() + "/config.yaml",
                ("paths:\n  landing: " + landingUri + "\ningest:\n  files-per-batch: 7\n").getBytes());
        String configObject = prefix + "/config.yaml";
        assertThat(bucket.resolve(dir.getFileName() + "/config.yaml")).as("the object in the store").exists();

        TradingConfig read = dev.tradingpipeline.jobs.TradingJobAccess.loadConfig(configObject);
        assertThat(read.get(ConfigKeys.PATHS_LANDING)).isEqualTo(landingUri);
        assertThat(read.get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("7");

        IngestJob.Result result = new IngestJob(SparkTestSession.get(), config)
                .run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(result.succeeded()).as("%s", result.failed()).isTrue();
        assertThat(result.outcomes()).hasSize(2)
                .allSatisfy(o -> assertThat(o.path()).startsWith(landingUri + "/"));
        long silver = SparkTestSession.get().table(new IcebergTables(SparkTestSession.get(), config)
                .qualified(IcebergTables.SILVER)).count();
        assertThat(silver).isEqualTo(result.rowsAccepted()).isEqualTo(80);
    }
}
