package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Reads landing files in Spark tasks, one task per file ({@link LandingFileParser}): the rows
 * that {@link LandingFileParser.Emit} asks for, with per-file summaries and rejected lines
 * collected on the side.
 */
final class LandingReader {
    private final SparkSession spark;
    private final TradingConfig config;

    LandingReader(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
    }

    /**
     * @param summaries where each file's {@link FileSummary} goes, or null
     * @param rejects   where rejected lines go, or null
     */
    Dataset<Row> read(List<LandingFileParser.Input> inputs, LandingFileParser.Emit emit,
            CollectionAccumulator<FileSummary> summaries, CollectionAccumulator<RejectedLine> rejects) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(inputs, inputs.size()).mapPartitions(new LandingFileParser(
                new HadoopConf(spark.sparkContext().hadoopConfiguration()),
                config.getBytes(ConfigKeys.INGEST_MAX_UNCOMPRESSED_SIZE), emit, summaries, rejects));
        StructType schema = switch (emit) {
            case ACCEPTED -> OptionEodSchema.ACCEPTED;
            case REJECTED -> OptionEodSchema.REJECTED;
            case LINES, LINES_UNCHECKED -> OptionEodSchema.LINES;
            case NOTHING -> OptionEodSchema.REJECTED;
        };
        return spark.createDataFrame(rows, schema);
    }
}
