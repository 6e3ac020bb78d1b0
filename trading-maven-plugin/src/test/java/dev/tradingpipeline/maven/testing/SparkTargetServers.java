package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Everything the spark target's integration test runs against, started in one call as a setup script
 * would: S3Proxy ({@link ItServers}, bucket {@value ItServers#BUCKET}), a SPARK_HOME
 * ({@link SparkHome}), a standalone cluster ({@link SparkCluster}) and Iceberg's REST catalog server
 * ({@link RestCatalogServer}, warehouse {@code s3://it-bucket/warehouse}), all with the dummy AWS
 * credentials of {@link TestAws#environment()}. Renders the project's {@code config.yaml.template}
 * into {@code config.yaml}: {@code @S3@}, {@code @REST@} (the catalog's URI), {@code @SPARK_MASTER@}
 * and {@code @SPARK_HOME@}.
 */
public final class SparkTargetServers {

    public static final String WAREHOUSE = "s3://" + ItServers.BUCKET + "/warehouse";

    private SparkTargetServers() {
    }

    /**
     * Starts the servers and the cluster for a test project, assembling {@code sparkHome} first unless
     * it is complete (see {@link SparkHome#assemble}).
     *
     * @return the properties of {@link ItServers#start} with {@code spark.master}, {@code spark.home},
     *         {@code rest.uri} and the times taken ({@code millis.assemble}, {@code millis.cluster},
     *         {@code millis.rest}) added
     */
    public static Properties start(File basedir, File testServersDir, Path sparkHome, Path mavenHome,
            List<String> mavenArguments) throws Exception {
        long t0 = System.nanoTime();
        SparkHome.assemble(sparkHome, mavenHome, mavenArguments);
        long t1 = System.nanoTime();
        Properties p = ItServers.start(basedir, testServersDir);
        URI s3 = URI.create("http://" + TestProcess.LOOPBACK + ":" + p.getProperty("s3.port"));
        try {
            Properties cluster = SparkCluster.start(basedir, sparkHome, TestAws.environment());
            long t2 = System.nanoTime();
            URI rest = RestCatalogServer.start(basedir, testServersDir.toPath().resolve("iceberg-rest-server.jar"),
                    WAREHOUSE, s3, TestAws.environment());
            long t3 = System.nanoTime();
            p.setProperty("spark.master", cluster.getProperty("master.url"));
            p.setProperty("spark.home", sparkHome.toAbsolutePath().toString());
            p.setProperty("rest.uri", rest.toString());
            p.setProperty("millis.assemble", String.valueOf((t1 - t0) / 1_000_000));
            p.setProperty("millis.cluster", String.valueOf((t2 - t1) / 1_000_000));
            p.setProperty("millis.rest", String.valueOf((t3 - t2) / 1_000_000));
        } catch (Exception e) {
            stop(basedir);
            throw e;
        }
        Path template = basedir.toPath().resolve("config.yaml.template");
        if (Files.exists(template)) {
            Files.writeString(basedir.toPath().resolve("config.yaml"), Files.readString(template)
                    .replace("@S3@", s3.toString())
                    .replace("@REST@", p.getProperty("rest.uri"))
                    .replace("@SPARK_MASTER@", p.getProperty("spark.master"))
                    .replace("@SPARK_HOME@", p.getProperty("spark.home")));
        }
        return p;
    }

    /** Stops whatever {@link #start} started for this test project (what it did not get to start is skipped). */
    public static void stop(File basedir) throws IOException {
        Path target = basedir.toPath().resolve("target");
        if (Files.exists(target.resolve(RestCatalogServer.PROPERTIES))) {
            RestCatalogServer.stop(basedir);
        }
        if (Files.exists(target.resolve(SparkCluster.PROPERTIES))) {
            SparkCluster.stop(basedir);
        }
        if (Files.exists(target.resolve("it-servers.properties"))) {
            ItServers.stop(basedir);
        }
    }

    /**
     * For trying the spark target by hand: {@code start <project dir> <test-servers dir> <spark home>
     * [nested Maven arguments, e.g. -o]} (system property {@code maven.home}) starts everything,
     * prints the properties and runs until its standard input ends, then stops everything.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || !args[0].equals("start") || System.getProperty("maven.home") == null) {
            System.err.println("usage: java -Dmaven.home=<Maven> SparkTargetServers start <project dir> "
                    + "<test-servers dir> <spark home> [Maven arguments]");
            System.exit(2);
        }
        File basedir = new File(args[1]);
        Properties p = start(basedir, new File(args[2]), Path.of(args[3]), Path.of(System.getProperty("maven.home")),
                Arrays.asList(args).subList(4, args.length));
        p.stringPropertyNames().stream().sorted().forEach(k -> System.out.println(k + "=" + p.getProperty(k)));
        System.out.println("running; end standard input to stop");
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for the end of input
            }
        } finally {
            stop(basedir);
        }
    }
}
