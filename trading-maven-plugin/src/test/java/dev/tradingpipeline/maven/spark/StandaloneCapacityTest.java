package dev.tradingpipeline.maven.spark;

import static dev.tradingpipeline.maven.spark.SparkSubmitCommandTest.SPARK;
import static dev.tradingpipeline.maven.spark.SparkSubmitCommandTest.config;
import static dev.tradingpipeline.maven.spark.SparkSubmitCommandTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneCapacityTest {

    /** A standalone master's /json/ as Spark 3.5 writes it (JsonProtocol.writeMasterState), trimmed. */
    static final String STATE = """
            {"url":"spark://127.0.0.1:7077","workers":[
              {"id":"worker-1","host":"10.0.0.7","port":40111,"webuiaddress":"http://10.0.0.7:8081","cores":2,
               "coresused":0,"coresfree":2,"memory":3072,"memoryused":0,"memoryfree":3072,"state":"ALIVE"},
              {"id":"worker-2","host":"10.0.0.8","port":40112,"webuiaddress":"http://10.0.0.8:8081","cores":8,
               "coresused":0,"coresfree":8,"memory":16384,"memoryused":0,"memoryfree":16384,"state":"DEAD"}],
             "aliveworkers":1,"cores":2,"coresused":0,"memory":3072,"memoryused":0,
             "activeapps":[],"completedapps":[],"activedrivers":[],"completeddrivers":[],"status":"ALIVE"}
            """;

    @Test
    void readsTheAliveWorkersFromTheMastersWebUi() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/json/", exchange -> {
            byte[] body = STATE.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI ui = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            assertThat(StandaloneCapacity.workers(ui)).contains(
                    List.of(new StandaloneCapacity.Worker("10.0.0.7:40111", 2, 3072)));
        } finally {
            server.stop(0);
        }
        // nothing listening there any more: not readable, so not checked
        assertThat(StandaloneCapacity.workers(URI.create("http://127.0.0.1:" + server.getAddress().getPort())))
                .isEmpty();
    }

    @Test
    void theWebUiIsTheConfiguredOneOrPort8080OfTheMaster() {
        SparkTarget t = target("spark://10.0.0.5:7077");
        assertThat(StandaloneCapacity.webUi(config(SPARK), t)).isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(StandaloneCapacity.webUi(config(SPARK.replace("spark:\n", "spark:\n  master-web-ui: http://m:9090\n")), t))
                .isEqualTo(URI.create("http://m:9090"));
    }

    @Test
    void anExecutorLargerThanEveryWorkerFailsNamingTheKeysAndWhatFits() {
        // EMR's defaults, 4 cores and 8g per executor, on a worker of 2 cores and 3072 MiB
        TradingConfig c = config(SPARK);
        Map<String, String> settings = SparkSubmitCommand.settings(c, target("spark://127.0.0.1:7077"), "daily");
        List<StandaloneCapacity.Worker> workers = List.of(new StandaloneCapacity.Worker("10.0.0.7:40111", 2, 3072));

        assertThatThrownBy(() -> StandaloneCapacity.check(c, "daily", settings, URI.create("http://m:8080"), workers))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::key)
                        .containsExactly("sizing.daily.executor-cores", "sizing.daily.executor-memory"))
                .hasMessageContaining("sizing.daily.executor-cores is 4, more than any worker has: 10.0.0.7:40111"
                        + " (2 cores, 3072 MiB); at most 2 fits")
                .hasMessageContaining("sizing.daily.executor-memory is 8g (8192 MiB)")
                .hasMessageContaining("at most 3072m fits");
    }

    @Test
    void executorsThatFitCountCoresAndMemoryOfEachWorker() {
        Map<String, String> settings = SparkSubmitCommand.settings(config(SPARK + "sizing:\n  daily:\n"
                + "    executor-cores: 1\n    executor-memory: 1g\n    executor-instances: 4\n"),
                target("spark://127.0.0.1:7077"), "daily");
        List<StandaloneCapacity.Worker> workers = List.of(new StandaloneCapacity.Worker("a:1", 2, 3072),
                new StandaloneCapacity.Worker("b:1", 4, 1536));

        // a: min(2 cores / 1, 3072 MiB / 1024) = 2; b: min(4 / 1, 1536 / 1024) = 1; 3 of the 4 asked
        assertThat(StandaloneCapacity.executorsThatFit(settings, workers)).isEqualTo(3);
        assertThatCode(() -> StandaloneCapacity.check(config(SPARK), "daily", settings, URI.create("http://m:8080"),
                workers)).doesNotThrowAnyException();
    }

    @Test
    void noAliveWorkerFailsNamingTheMaster() {
        assertThatThrownBy(() -> StandaloneCapacity.check(config(SPARK), "daily", Map.of("spark.executor.cores", "1",
                "spark.executor.memory", "1g"), URI.create("http://m:8080"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("spark.master")
                .hasMessageContaining("lists no ALIVE worker");
    }
}
