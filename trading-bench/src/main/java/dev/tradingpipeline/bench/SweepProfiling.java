package dev.tradingpipeline.bench;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Profiling aids of {@link SweepBenchmark}, off unless asked for with system properties (set
 * through {@code BENCH_JAVA_OPTS}, see bench/README.md): {@code -Dsweep.stages=true} prints every
 * Spark job's start and end and every stage's wall, run and CPU time and shuffle bytes, with a
 * time stamp (ms); {@code -Dsweep.wall-samples=true} prints where the wall time of each run's
 * calling thread went.
 */
final class SweepProfiling {

    private SweepProfiling() {
    }

    private static boolean stages() {
        return Boolean.getBoolean("sweep.stages");
    }

    /** Time stamps in ms, modulo 1,000 s: enough to read the gaps between jobs. */
    private static long now() {
        return System.currentTimeMillis() % 1_000_000;
    }

    static void runStarting() {
        if (stages()) {
            System.out.printf(Locale.ROOT, "  %6d run start%n", now());
        }
    }

    static void stagesIfAsked(SparkSession spark) {
        if (!stages()) {
            return;
        }
        spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
                System.out.printf(Locale.ROOT, "  %6d job %d start%n", now(), e.jobId());
            }

            @Override
            public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
                System.out.printf(Locale.ROOT, "  %6d job %d end%n", now(), e.jobId());
            }

            @Override
            public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted e) {
                var i = e.stageInfo();
                long wall = (long) i.completionTime().get() - (long) i.submissionTime().get();
                System.out.printf(Locale.ROOT, "  %6d stage %d %-40.40s tasks %3d wall %5d ms run %5d ms cpu %5d ms"
                        + " shuffle w %6d KB r %6d KB (gc %d ms, deserialize %d ms, fetch wait %d ms, write %d ms)%n",
                        now(), i.stageId(), i.name(), i.numTasks(), wall,
                        i.taskMetrics().executorRunTime(), i.taskMetrics().executorCpuTime() / 1000000,
                        i.taskMetrics().shuffleWriteMetrics().bytesWritten() / 1024,
                        i.taskMetrics().shuffleReadMetrics().totalBytesRead() / 1024, i.taskMetrics().jvmGCTime(),
                        i.taskMetrics().executorDeserializeTime(), i.taskMetrics().shuffleReadMetrics().fetchWaitTime(),
                        i.taskMetrics().shuffleWriteMetrics().writeTime() / 1000000);
            }
        });
    }

    /**
     * For profiling ({@code -Dsweep.wall-samples=true}): samples the stack of the thread running
     * the job every 2 ms, whether it computes or waits, and prints where its wall time went (the
     * innermost frame of this project's or Spark's SQL and Iceberg API it was in).
     */
    static final class WallSampler extends Thread {
        private final Thread target;
        private final java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        private volatile boolean stop;
        private int samples;

        private WallSampler(Thread target) {
            this.target = target;
            setDaemon(true);
        }

        static WallSampler startIfAsked(Thread target) {
            if (System.getProperty("sweep.wall-samples") == null) {
                return null;
            }
            WallSampler s = new WallSampler(target);
            s.start();
            return s;
        }

        @Override
        public void run() {
            boolean executors = "executors".equals(System.getProperty("sweep.wall-samples"));
            while (!stop) {
                if (executors) {
                    for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                        if (e.getKey().getName().startsWith("Executor task launch")
                                || e.getKey().getName().startsWith("day-block-decoder")) {
                            count(e.getValue(), true);
                        }
                    }
                } else {
                    count(target.getStackTrace(), false);
                }
                samples++;
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void count(StackTraceElement[] st, boolean any) {
            {
                StringBuilder key = new StringBuilder();
                int depth = 0;
                for (StackTraceElement e : st) {
                    String c = e.getClassName();
                    if (any && depth < 4 || c.startsWith("dev.tradingpipeline") || c.startsWith("org.apache.iceberg")
                            || c.startsWith("org.apache.spark.sql.execution.QueryExecution")
                            || c.startsWith("org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec")
                            || c.startsWith("org.apache.spark.sql.execution.SQLExecution")
                            || c.startsWith("org.apache.spark.sql.execution.CacheManager")
                            || c.startsWith("org.apache.spark.SparkContext")
                            || c.startsWith("org.apache.spark.scheduler.DAGScheduler")
                            || c.startsWith("org.apache.spark.sql.catalyst.analysis.Analyzer")
                            || c.startsWith("org.apache.spark.sql.catalyst.optimizer")
                            || c.startsWith("org.apache.spark.sql.execution.datasources.v2")
                            || c.startsWith("org.apache.hadoop.fs")) {
                        key.append(depth == 0 ? "" : " < ").append(c.substring(c.lastIndexOf('.') + 1)).append('.')
                                .append(e.getMethodName());
                        if (++depth == 4) {
                            break;
                        }
                    }
                }
                counts.merge(key.toString(), 1, Integer::sum);
            }
        }

        void stopAndPrint() throws InterruptedException {
            stop = true;
            join();
            counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%% %s%n", 100.0 * e.getValue() / samples,
                            e.getKey()));
        }
    }

}
