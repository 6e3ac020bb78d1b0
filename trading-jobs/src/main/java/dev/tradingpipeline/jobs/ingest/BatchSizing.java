package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How many files a batch takes: {@code ingest.files-per-batch}, with {@code auto} sized to the job's cores. */
final class BatchSizing {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSizing.class);

    private BatchSizing() {
    }

    static int filesPerBatch(SparkSession spark, TradingConfig config) {
        String value = config.get(ConfigKeys.INGEST_FILES_PER_BATCH).trim();
        if (!value.equals("auto")) {
            return Integer.parseInt(value);
        }
        int cores = jobCores(spark.sparkContext().getConf(), spark.sparkContext().defaultParallelism());
        int perBatch = autoFilesPerBatch(cores);
        LOG.info("{}=auto: {} file(s) per batch for {} core(s)", ConfigKeys.INGEST_FILES_PER_BATCH, perBatch, cores);
        return perBatch;
    }

    /**
     * A batch reads one file per task: twice the cores keeps every core busy while the batch's
     * largest files are read, and at least 10 keeps the commits of a small job few.
     */
    static int autoFilesPerBatch(int cores) {
        return Math.max(10, 2 * cores);
    }

    /**
     * The job's cores: executors x cores per executor when the job is sized so (EMR, where
     * executors may not have registered when the job starts), else Spark's default parallelism
     * (local[*]: the machine's cores).
     */
    static int jobCores(SparkConf conf, int defaultParallelism) {
        if (conf.contains("spark.executor.instances") && conf.contains("spark.executor.cores")) {
            try {
                int instances = Integer.parseInt(conf.get("spark.executor.instances").trim());
                int cores = Integer.parseInt(conf.get("spark.executor.cores").trim());
                if (instances > 0 && cores > 0) {
                    return instances * cores;
                }
            } catch (NumberFormatException e) {
                // Spark itself refuses such a value; fall back to what it runs with
            }
        }
        return Math.max(1, defaultParallelism);
    }
}
