package dev.tradingpipeline.maven.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of the capacity check, each sizing worked out by hand in its comment with the
 * rules of EmrCapacity (overhead max(10%, 384 MiB); whole GB; at least 2 GB per vCPU; steps of 1 GB
 * up to 4 vCPU, 4 GB at 8 vCPU, 8 GB at 16 vCPU).
 */
class EmrCapacityTest {

    private static final EmrCapacity.Limits QUOTA_16 = new EmrCapacity.Limits(16, "00app", Optional.empty(),
            Optional.empty());

    private static TradingConfig config(String yaml) {
        return TradingConfig.parse("target: emr\n" + yaml, "config.yaml", "/project", Map.of(), "-Dtrading.");
    }

    @Test
    void theOldBootstrapDefaultAsksForEighteenVcpuAndThreeExecutorsFit() {
        // driver: 2 cores -> 2 vCPU; 6g = 6144 MiB + max(614, 384) = 6758 MiB -> 6.6 -> 7 GB (2 vCPU: 4-16 GB)
        // executor: 4 cores -> 4 vCPU; 8g = 8192 MiB + max(819, 384) = 9011 MiB -> 8.8 -> 9 GB (4 vCPU: 8-30 GB)
        // 2 + 4 x 4 = 18 vCPU > 16; 7 + 4 x 9 = 43 GB; (16 - 2) / 4 = 3 executors fit
        EmrCapacity.Assessment a = EmrCapacity.assess(config("sizing:\n  bootstrap:\n    executor-instances: 4\n"),
                "bootstrap", QUOTA_16);

        assertThat(a.fits()).isFalse();
        assertThat(a.figures()).contains(
                "  driver     1 x 2 vCPU, 7 GB  (sizing.bootstrap.driver-cores 2, sizing.bootstrap.driver-memory 6g"
                        + " + 614 MiB overhead)",
                "  executors  4 x 4 vCPU, 9 GB  (sizing.bootstrap.executor-instances 4, sizing.bootstrap.executor-cores 4,"
                        + " sizing.bootstrap.executor-memory 8g + 819 MiB overhead)",
                "  total      18 vCPU, 43 GB",
                "  limits     16 vCPU emr.max-vcpu (the account's quota); application 00app sets no maximum capacity");
        assertThat(a.problems()).extracting(Problem::key).containsExactly("sizing.bootstrap.executor-instances");
        assertThat(a.problems().get(0).line()).isEqualTo("config.yaml: the bootstrap run asks for 18 vCPU (a 2 vCPU"
                + " driver and 4 executors of 4 vCPU: sizing.bootstrap.driver-cores, sizing.bootstrap.executor-cores,"
                + " sizing.bootstrap.executor-instances), more than emr.max-vcpu (16, the account's EMR Serverless"
                + " quota): 3 executors of 4 vCPU fit beside a 2 vCPU driver (sizing.bootstrap.executor-instances: 3)");
    }

    @Test
    void everyDefaultSizingFitsSixteenVcpuWithItsDriver() {
        // bootstrap: 2 + 3 x 4 = 14 vCPU, 7 + 3 x 9 = 34 GB; the others: 2 + 2 x 4 = 10 vCPU
        // (daily, strategy, maintenance, report drivers 4g: 4096 + 409 = 4505 MiB -> 5 GB; 5 + 2 x 9 = 23 GB)
        TradingConfig defaults = config("");
        assertThat(EmrCapacity.assess(defaults, "bootstrap", QUOTA_16).figures()).contains("  total      14 vCPU, 34 GB");
        for (String mode : List.of("daily", "strategy", "maintenance", "report")) {
            EmrCapacity.Assessment a = EmrCapacity.assess(defaults, mode, QUOTA_16);
            assertThat(a.problems()).as(mode).isEmpty();
            assertThat(a.figures()).as(mode).contains("  total      10 vCPU, 23 GB");
        }
        // with dynamic allocation the default maximum, 3 executors, fits too: 2 + 3 x 4 = 14 vCPU
        assertThat(EmrCapacity.assess(config("sizing:\n  daily:\n    dynamic-allocation: true\n"), "daily", QUOTA_16)
                .figures()).contains("  total      14 vCPU, 32 GB");
    }

    @Test
    void smallWorkersRoundUpToTheSizesOnOffer() {
        // driver: 1 core, 1g = 1024 + max(102, 384) = 1408 MiB -> 1.4 -> 2 GB (1 vCPU: at least 2 GB)
        // executor: 3 cores (spark-conf) -> the 4 vCPU worker; 2g = 2048 + max(204, 384) = 2432 MiB -> 3 GB,
        //   raised to the 4 vCPU minimum of 8 GB
        // 1 + 2 x 4 = 9 vCPU, 2 + 2 x 8 = 18 GB
        EmrCapacity.Assessment a = EmrCapacity.assess(config("""
                sizing:
                  daily:
                    driver-cores: 1
                    driver-memory: 1g
                    executor-memory: 2g
                spark-conf:
                  spark.executor.cores: 3
                """), "daily", QUOTA_16);

        assertThat(a.problems()).isEmpty();
        assertThat(a.figures()).contains(
                "  driver     1 x 1 vCPU, 2 GB  (sizing.daily.driver-cores 1, sizing.daily.driver-memory 1g + 384 MiB overhead)",
                "  executors  2 x 4 vCPU, 8 GB  (sizing.daily.executor-instances 2, spark-conf.spark.executor.cores 3,"
                        + " sizing.daily.executor-memory 2g + 384 MiB overhead)",
                "  total      9 vCPU, 18 GB");
    }

    @Test
    void largeWorkersTakeMemoryInTheirSteps() {
        EmrCapacity.WorkerSize eight = EmrCapacity.WORKER_SIZES.get(3);
        EmrCapacity.WorkerSize sixteen = EmrCapacity.WORKER_SIZES.get(4);
        // 20g + 2048 = 22528 MiB = 22 GB; 8 vCPU: 16 GB and steps of 4: 16, 20, 24 -> 24 GB
        assertThat(EmrCapacity.memoryGb(20480 + EmrCapacity.overhead(20480, 0.10), eight)).isEqualTo(24);
        // 40g + 4096 = 45056 MiB = 44 GB; 16 vCPU: 32 GB and steps of 8: 32, 40, 48 -> 48 GB
        assertThat(EmrCapacity.memoryGb(40960 + EmrCapacity.overhead(40960, 0.10), sixteen)).isEqualTo(48);
        // exactly on a step stays there: 32768 MiB = 32 GB on 16 vCPU -> 32 GB
        assertThat(EmrCapacity.memoryGb(32768, sixteen)).isEqualTo(32);
        // one MiB over a whole GB is the next GB: 9217 MiB -> 10 GB on 4 vCPU
        assertThat(EmrCapacity.memoryGb(9217, EmrCapacity.WORKER_SIZES.get(2))).isEqualTo(10);
    }

    @Test
    void anOverheadSetInSparkConfIsTakenAsItIs() {
        // executor 8g + 2g overhead (spark.executor.memoryOverhead) = 10240 MiB = 10 GB;
        // driver 4g with a factor of 0.25: 4096 + 1024 = 5120 MiB = 5 GB
        EmrCapacity.Assessment a = EmrCapacity.assess(config("""
                spark-conf:
                  spark.executor.memoryOverhead: 2g
                  spark.driver.memoryOverheadFactor: 0.25
                """), "strategy", QUOTA_16);

        assertThat(a.figures()).contains("  total      10 vCPU, 25 GB")
                .anyMatch(l -> l.startsWith("  executors  2 x 4 vCPU, 10 GB") && l.endsWith("8g + 2048 MiB overhead)"))
                .anyMatch(l -> l.startsWith("  driver     1 x 2 vCPU, 5 GB") && l.endsWith("4g + 1024 MiB overhead)"));
    }

    @Test
    void dynamicAllocationCountsTheMaximumExecutors() {
        // 2 + 5 x 4 = 22 vCPU > 16, though only 2 start; (16 - 2) / 4 = 3 fit
        EmrCapacity.Assessment a = EmrCapacity.assess(config("""
                sizing:
                  daily:
                    dynamic-allocation: true
                    executor-instances: 2
                    max-executors: 5
                """), "daily", QUOTA_16);

        assertThat(a.figures()).anyMatch(l -> l.startsWith("  executors  5 x 4 vCPU, 9 GB  (sizing.daily.max-executors 5"
                + " with dynamic allocation"));
        assertThat(a.problems()).extracting(Problem::key).containsExactly("sizing.daily.max-executors");
        assertThat(a.problems().get(0).message()).contains("asks for 22 vCPU")
                .endsWith("3 executors of 4 vCPU fit beside a 2 vCPU driver (sizing.daily.max-executors: 3)");
    }

    @Test
    void theApplicationsMemoryCanBeTheLimit() {
        // the application: 32 vCPU, 32 GB; the quota 64 vCPU. Driver 4g -> 5 GB, executors 8g -> 9 GB:
        // 5 + 4 x 9 = 41 GB > 32; vCPU 2 + 4 x 4 = 18 is within both.
        // Fit: by vCPU (32 - 2) / 4 = 7, by memory (32 - 5) / 9 = 3 -> 3
        EmrCapacity.Limits limits = new EmrCapacity.Limits(64, "00app", Optional.of(32), Optional.of(32));
        EmrCapacity.Assessment a = EmrCapacity.assess(config("sizing:\n  strategy:\n    executor-instances: 4\n"),
                "strategy", limits);

        assertThat(a.problems()).hasSize(1);
        assertThat(a.problems().get(0).message()).isEqualTo("the strategy run asks for 41 GB (a 5 GB driver and 4"
                + " executors of 9 GB, overhead included: sizing.strategy.driver-memory, sizing.strategy.executor-memory,"
                + " sizing.strategy.executor-instances), more than the maximum capacity of application 00app (32 GB):"
                + " 3 executors of 4 vCPU and 9 GB fit beside a 2 vCPU, 5 GB driver"
                + " (sizing.strategy.executor-instances: 3)");
    }

    @Test
    void overBothTheQuotaAndTheApplicationNamesBoth() {
        // 2 + 4 x 4 = 18 vCPU: over the quota 16 and the application's 12; fit (12 - 2) / 4 = 2
        EmrCapacity.Limits limits = new EmrCapacity.Limits(16, "00app", Optional.of(12), Optional.empty());
        EmrCapacity.Assessment a = EmrCapacity.assess(config("sizing:\n  strategy:\n    executor-instances: 4\n"),
                "strategy", limits);

        assertThat(a.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("more than emr.max-vcpu (16, the account's EMR Serverless quota)"))
                .anySatisfy(m -> assertThat(m).contains("more than the maximum capacity of application 00app (12 vCPU)"))
                .allSatisfy(m -> assertThat(m).endsWith("2 executors of 4 vCPU fit beside a 2 vCPU driver"
                        + " (sizing.strategy.executor-instances: 2)"));
    }

    @Test
    void notOneExecutorFittingIsSaid() {
        // a 2 vCPU driver and 8 vCPU executors under an 8 vCPU application (quota 32): 2 + 2 x 8 = 18 vCPU;
        // (8 - 2) / 8 = 0 executors fit
        EmrCapacity.Limits limits = new EmrCapacity.Limits(32, "00app", Optional.of(8), Optional.empty());
        EmrCapacity.Assessment a = EmrCapacity.assess(config("sizing:\n  daily:\n    executor-cores: 8\n"), "daily",
                limits);

        assertThat(a.problems()).singleElement().extracting(Problem::message).asString()
                .endsWith("not one executor of 8 vCPU fits beside a 2 vCPU driver; make the driver or the executors"
                        + " smaller, or raise the limit");
    }

    @Test
    void memoryNoWorkerOfItsSizeHoldsIsNamedWithWhatFits() {
        // 28g = 28672 + 2867 = 31539 MiB > 30 GB = 30720 MiB, the most a 4 vCPU worker has.
        // The most that fits: m + floor(0.1 m) <= 30720 -> m = 27928 MiB (27928 + 2792 = 30720; 27929 + 2792
        // = 30721 is over) -> 27g in whole GiB (the guide's own example: 27 GB on a 30 GB worker)
        EmrCapacity.Assessment a = EmrCapacity.assess(config("sizing:\n  daily:\n    executor-memory: 28g\n"), "daily",
                QUOTA_16);

        assertThat(a.problems()).extracting(Problem::key).containsExactly("sizing.daily.executor-memory");
        assertThat(a.problems().get(0).message()).isEqualTo("sizing.daily.executor-memory is 28g: with 2867 MiB"
                + " overhead that is 31539 MiB, more than the 30 GB of the largest EMR Serverless worker of 4 vCPU"
                + " (sizing.daily.executor-cores 4); at most 27g fits");
        assertThat(EmrCapacity.largestMemoryMib(30720, Optional.empty(), 0.10)).isEqualTo(27928);
        // with a fixed overhead: what is left of the worker
        assertThat(EmrCapacity.largestMemoryMib(30720, Optional.of(2048L), 0.10)).isEqualTo(28672);
    }

    @Test
    void unreadableSettingsFailWhateverTheLimits() {
        assertThatThrownBy(() -> EmrCapacity.assess(config("spark-conf:\n  spark.executor.memory: lots\n"), "daily",
                QUOTA_16))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Problem::line).containsExactly(
                        "config.yaml: spark-conf.spark.executor.memory is 'lots', not a memory size Spark reads (such as"
                                + " 8g or 512m)"));

        // every one named at once: the driver's overhead, the executors' factor, the executors' count
        assertThatThrownBy(() -> EmrCapacity.assess(config("""
                spark-conf:
                  spark.driver.memoryOverhead: 1.5g
                  spark.executor.memoryOverheadFactor: tenth
                  spark.executor.instances: three
                """), "daily", QUOTA_16))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Problem::message).containsExactly(
                        "spark-conf.spark.driver.memoryOverhead is '1.5g', which Spark cannot read as a memory size",
                        "spark-conf.spark.executor.memoryOverheadFactor is 'tenth', which Spark cannot read as a factor"
                                + " such as 0.1",
                        "spark-conf.spark.executor.instances is 'three', not a number of executors"));
    }

    @Test
    void theApplicationsCapacityIsReadFromItsText() {
        assertThat(EmrCapacity.leadingNumber("16 vCPU")).contains(16);
        assertThat(EmrCapacity.leadingNumber("16vCPU")).contains(16);
        assertThat(EmrCapacity.leadingNumber("64 GB")).contains(64);
        assertThat(EmrCapacity.leadingNumber("200")).contains(200);
        assertThat(EmrCapacity.leadingNumber(null)).isEmpty();
        assertThat(EmrCapacity.leadingNumber("")).isEmpty();
    }

    @Test
    void aRunThatDoesNotFitFailsUnlessAllowed() {
        EmrCapacity.Assessment a = EmrCapacity.assess(config("sizing:\n  bootstrap:\n    executor-instances: 4\n"),
                "bootstrap", QUOTA_16);
        List<String> log = new ArrayList<>();

        assertThatThrownBy(() -> EmrCapacity.enforce(a, false, false, log::add))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The bootstrap run does not fit the EMR Serverless account or application;"
                        + " nothing was submitted (emr.allow-oversized=true submits anyway):")
                .hasMessageContaining("3 executors of 4 vCPU fit beside a 2 vCPU driver");
        assertThat(log).isEmpty();

        EmrCapacity.enforce(a, true, false, log::add);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("[warning] config.yaml: the bootstrap run asks for 18 vCPU");
        assertThat(log.get(1)).startsWith("[warning] Submitting anyway (emr.allow-oversized=true)");

        // a run that fits goes through without a word
        List<String> quiet = new ArrayList<>();
        EmrCapacity.enforce(EmrCapacity.assess(config(""), "bootstrap", QUOTA_16), false, false, quiet::add);
        assertThat(quiet).isEmpty();
    }
}
