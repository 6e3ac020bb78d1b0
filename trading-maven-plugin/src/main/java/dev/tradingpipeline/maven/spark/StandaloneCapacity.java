package dev.tradingpipeline.maven.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.MemorySizes;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The workers of a standalone master, read from its web UI's JSON state, and whether a mode's
 * executors fit on them. A standalone master never starts an executor larger than every worker:
 * the run would wait forever with nothing said, so such a sizing fails before submitting, naming
 * the key, the workers and what would fit.
 */
public final class StandaloneCapacity {

    /** One ALIVE worker: its cores and memory (MiB) as the master reports them. */
    public record Worker(String host, int cores, long memoryMib) {
        @Override
        public String toString() {
            return host + " (" + cores + " cores, " + memoryMib + " MiB)";
        }
    }

    private static final int TIMEOUT_MILLIS = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandaloneCapacity() {
    }

    /** The web UI of the master: {@code spark.master-web-ui}, else port 8080 of the master's host. */
    public static URI webUi(TradingConfig config, SparkTarget target) {
        String configured = config.get(ConfigKeys.SPARK_MASTER_WEB_UI).trim();
        if (!configured.isEmpty()) {
            return URI.create(configured);
        }
        URI master = URI.create(target.master().split(",")[0]);
        return URI.create("http://" + master.getHost() + ":8080");
    }

    /**
     * The master's ALIVE workers, or empty when its web UI cannot be read (then nothing is checked).
     */
    public static Optional<List<Worker>> workers(URI webUi) {
        try {
            HttpURLConnection c = (HttpURLConnection) webUi.resolve("/json/").toURL().openConnection();
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            try (InputStream in = c.getInputStream()) {
                return Optional.of(parse(JSON.readTree(in)));
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The ALIVE workers of the master's JSON state ({@code /json/}). */
    static List<Worker> parse(JsonNode state) {
        List<Worker> workers = new ArrayList<>();
        for (JsonNode w : state.path("workers")) {
            if ("ALIVE".equals(w.path("state").asText())) {
                workers.add(new Worker(w.path("host").asText() + ":" + w.path("port").asText(),
                        w.path("cores").asInt(), w.path("memory").asLong()));
            }
        }
        return workers;
    }

    /**
     * Checks a mode's executors against the workers.
     *
     * @param settings the run's Spark settings ({@link SparkSubmitCommand#settings}), whose
     *                 executor cores and memory may come from {@code spark-conf.*}
     * @throws ConfigException naming the sizing keys an executor cannot fit
     */
    public static void check(TradingConfig config, String mode, Map<String, String> settings, URI webUi,
            List<Worker> workers) {
        String source = config.source();
        List<Problem> problems = new ArrayList<>();
        String listed = workers.stream().map(Worker::toString).collect(Collectors.joining(", "));
        if (workers.isEmpty()) {
            problems.add(new Problem(ConfigKeys.SPARK_MASTER, source, ConfigKeys.SPARK_MASTER + " " + config.get(ConfigKeys.SPARK_MASTER)
                    + " lists no ALIVE worker (" + webUi + "): the run would wait for one"));
        } else {
            int cores = Integer.parseInt(settings.get("spark.executor.cores"));
            long memoryMib = MemorySizes.mib(settings.get("spark.executor.memory"));
            int maxCores = workers.stream().mapToInt(Worker::cores).max().orElse(0);
            long maxMemory = workers.stream().mapToLong(Worker::memoryMib).max().orElse(0);
            String coresKey = ConfigKeys.sizing(mode, "executor-cores");
            String memoryKey = ConfigKeys.sizing(mode, "executor-memory");
            if (cores > maxCores) {
                problems.add(new Problem(coresKey, source, coresKey + " is " + cores + ", more than any worker has: "
                        + listed + "; at most " + maxCores + " fits"));
            }
            if (memoryMib > maxMemory) {
                problems.add(new Problem(memoryKey, source, memoryKey + " is " + settings.get("spark.executor.memory")
                        + " (" + memoryMib + " MiB), more than any worker has: " + listed + "; at most " + maxMemory
                        + "m fits"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("The " + mode + " run's executors do not fit on the cluster's workers", problems);
        }
    }

    /** How many of the run's executors the workers can hold at once (for a warning when fewer than asked). */
    public static int executorsThatFit(Map<String, String> settings, List<Worker> workers) {
        int cores = Integer.parseInt(settings.get("spark.executor.cores"));
        long memoryMib = MemorySizes.mib(settings.get("spark.executor.memory"));
        int fit = 0;
        for (Worker w : workers) {
            fit += (int) Math.min(w.cores() / cores, memoryMib == 0 ? Integer.MAX_VALUE : w.memoryMib() / memoryMib);
        }
        return fit;
    }
}
