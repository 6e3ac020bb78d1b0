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
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for the spark target's integration test: a Master and one
 * Worker, each a process of its own started through the home's {@code bin/spark-class} (as Spark's
 * {@code sbin} scripts start them), the Worker starting executors in JVMs of their own. Its
 * processes get {@code SPARK_HOME}, {@code SPARK_LOCAL_IP=127.0.0.1}, {@code SPARK_SCALA_VERSION}
 * and the given environment (AWS credentials and region: executors inherit the Worker's, and S3A
 * wants credentials even from S3Proxy). Output goes to {@code target/spark-master.log} and
 * {@code target/spark-worker.log} of the test project, executors' to {@code target/spark-work/}.
 *
 * <p>Ports and process ids go to {@code target/spark-cluster.properties}, so that verify.groovy (in
 * another class loader) can {@link #stop(File)} the cluster; it also stops when the JVM that started
 * it ends.
 */
public final class SparkCluster {

    public static final String PROPERTIES = "spark-cluster.properties";
    /** The Worker's size: two executors of one core, or one of two. */
    public static final int WORKER_CORES = 2;
    public static final String WORKER_MEMORY = "3g";
    /** Heap of the Master and Worker daemons themselves (not the executors'). */
    private static final String DAEMON_MEMORY = "256m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private record Master(TestProcess process, int port, int webUi) {
        String url() {
            return "spark://" + TestProcess.LOOPBACK + ":" + port;
        }

        /** The master's state as JSON, workers included. */
        URI state() {
            return URI.create("http://" + TestProcess.LOOPBACK + ":" + webUi + "/json/");
        }
    }

    private SparkCluster() {
    }

    /**
     * Starts a Master and a Worker for a test project and waits until the Worker has registered
     * (the Master's {@code /json/} lists it ALIVE).
     *
     * @param environment added to the processes' environment, e.g. {@code AWS_ACCESS_KEY_ID},
     *                    {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION}
     * @return the properties also written to {@code target/spark-cluster.properties}: {@code master.url}
     *         ({@code spark://127.0.0.1:<port>}), {@code master.webui}, {@code master.pid}, {@code worker.pid}
     */
    public static Properties start(File basedir, Path sparkHome, Map<String, String> environment) throws IOException {
        Path target = Files.createDirectories(basedir.toPath().resolve("target"));
        Path workDir = Files.createDirectories(target.resolve("spark-work"));
        String spark = SparkHome.sparkClass(sparkHome).toString();

        // Spark would move on to the next port when one is taken, where the test would not find it:
        // spark.port.maxRetries=0 makes the master fail instead, and onFreePort tries other ports
        Master master = TestProcess.onFreePort(3, port -> {
            int webUi = TestProcess.freeLoopbackPort();
            TestProcess p = launch(TestProcess.command("Spark master", List.of(spark,
                    "org.apache.spark.deploy.master.Master", "--host", TestProcess.LOOPBACK,
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(webUi))),
                    sparkHome, environment, workDir, target.resolve("spark-master.log"));
            Master m = new Master(p, port, webUi);
            p.awaitReady(m.url(), START_TIMEOUT, TestProcess.answersHttp(m.state()));
            return m;
        });
        TestProcess worker = null;
        try {
            // web UI and RPC on ports of the system's choice (0): the test talks to the master only
            worker = launch(TestProcess.command("Spark worker", List.of(spark,
                    "org.apache.spark.deploy.worker.Worker", master.url(), "--host", TestProcess.LOOPBACK,
                    "--cores", String.valueOf(WORKER_CORES), "--memory", WORKER_MEMORY,
                    "--work-dir", workDir.toString(), "--webui-port", "0")),
                    sparkHome, environment, workDir, target.resolve("spark-worker.log"));
            // the master's end ends the wait at once rather than at the deadline
            worker.awaitReady(master.url() + " (worker registered)", START_TIMEOUT,
                    () -> !master.process().isAlive() || aliveWorkers(master.state()) > 0);
            if (!master.process().isAlive()) {
                throw new IllegalStateException("The Spark master exited while the worker registered. The last "
                        + "lines of its output (" + master.process().log() + "):\n"
                        + String.join("\n", master.process().tail(TestProcess.TAIL_LINES)));
            }
        } catch (RuntimeException e) {
            if (worker != null) {
                worker.stop();
            }
            master.process().stop();
            throw e;
        }

        Properties p = new Properties();
        p.setProperty("master.url", master.url());
        p.setProperty("master.webui", "http://" + TestProcess.LOOPBACK + ":" + master.webUi());
        p.setProperty("master.pid", String.valueOf(master.process().pid()));
        p.setProperty("worker.pid", String.valueOf(worker.pid()));
        try (OutputStream out = Files.newOutputStream(target.resolve(PROPERTIES))) {
            p.store(out, "the Spark standalone cluster of this integration test");
        }
        return p;
    }

    /** The {@code spark://} URL of the cluster started for this test project. */
    public static String masterUrl(File basedir) throws IOException {
        return properties(basedir).getProperty("master.url");
    }

    /**
     * Stops the cluster started for this test project: the Worker's executors (its child processes)
     * first, then the Worker, then the Master. Does nothing for processes that have ended.
     */
    public static void stop(File basedir) throws IOException {
        Properties p = properties(basedir);
        long worker = Long.parseLong(p.getProperty("worker.pid"));
        ProcessHandle.of(worker).ifPresent(h -> h.descendants().forEach(d -> TestProcess.stop(d.pid())));
        TestProcess.stop(worker);
        TestProcess.stop(Long.parseLong(p.getProperty("master.pid")));
    }

    private static Properties properties(File basedir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(basedir.toPath().resolve("target").resolve(PROPERTIES))) {
            p.load(in);
        }
        return p;
    }

    private static TestProcess launch(TestProcess.Builder builder, Path sparkHome, Map<String, String> environment,
            Path workDir, Path log) {
        return builder.directory(workDir).log(log).environment(env -> {
            env.putAll(SparkHome.environment(sparkHome));
            env.put("SPARK_LOCAL_IP", TestProcess.LOOPBACK);
            env.put("SPARK_DAEMON_MEMORY", DAEMON_MEMORY);
            env.put("SPARK_MASTER_OPTS", "-Dspark.port.maxRetries=0"); // read for the Master only
            env.putAll(environment);
        }).start();
    }

    /** The master's count of ALIVE workers, from its JSON state. */
    private static int aliveWorkers(URI state) throws IOException {
        HttpURLConnection c = (HttpURLConnection) state.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        try (InputStream in = c.getInputStream()) {
            Matcher m = ALIVE_WORKERS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } finally {
            c.disconnect();
        }
    }
}
