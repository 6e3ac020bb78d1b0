package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * A batch's silver rows, from the rows as its files were read or from its bronze lines typed
 * again: typed columns with their lineage, derived columns, one row per natural key when keys may
 * repeat.
 */
final class SilverRows {
    private final SparkSession spark;
    private final IcebergTables tables;

    SilverRows(SparkSession spark, IcebergTables tables) {
        this.spark = spark;
        this.tables = tables;
    }

    /** Accepted rows as read ({@link OptionEodSchema#ACCEPTED}), as silver rows of the batch. */
    static Dataset<Row> asRead(Dataset<Row> accepted, Instant ingestedAt, String batchId) {
        return toSilver(accepted.withColumn("ingested_at", lit(ingestedAt)).withColumn("batch_id", lit(batchId)), null);
    }

    /**
     * The batch's bronze lines, typed again (accepted lines only), with their lineage.
     *
     * @param landingOrder a file's position in landing order ({@link #landingOrder}), or null when keys cannot repeat
     */
    Dataset<Row> fromBronze(String batchId, Map<String, FileSummary> summaries, Column landingOrder) {
        Map<String, String> variants = new HashMap<>();
        summaries.values().stream().filter(fs -> !fs.failed() && fs.variant() != null)
                .forEach(fs -> variants.put(fs.path(), fs.variant()));
        JavaRDD<Row> lines = spark.table(tables.qualified(IcebergTables.BRONZE))
                .filter(col("batch_id").equalTo(batchId))
                .select("source_file", "line_number", "raw_line", "ingested_at", "batch_id", IcebergTables.LINE_CUT)
                .javaRDD();
        Dataset<Row> typed = spark.createDataFrame(lines.mapPartitions(new BronzeLineParser(variants)),
                OptionEodSchema.TYPED_LINES);
        return toSilver(typed, landingOrder);
    }

    /** Position of each row's file in landing order, for "the file landed last wins". */
    static Column landingOrder(List<LandingFileParser.Input> inputs) {
        Column order = lit(-1);
        for (LandingFileParser.Input in : inputs) {
            order = when(SourceFiles.ofFile(in.file().path()), in.seq()).otherwise(order);
        }
        return order;
    }

    /**
     * The silver rows of a batch's bronze rows: typed columns, derived {@code dte} and
     * {@code mid_1545}, greeks unknown where the vendor's implied volatility is 0; and, when keys
     * may repeat, one row per natural key, the line of the file landed last winning.
     *
     * @param landingOrder a file's position in landing order, or null when keys cannot repeat
     */
    static Dataset<Row> toSilver(Dataset<Row> bronzeRows, Column landingOrder) {
        Column ivUnknown = col("implied_volatility_1545").equalTo(0.0);
        List<Column> cols = new ArrayList<>();
        for (var f : OptionEodSchema.DATA_FIELDS) {
            if (OptionEodSchema.GREEKS.contains(f.name())) {
                // an implied volatility of 0 is the vendor's failed calculation: greeks unknown
                cols.add(when(ivUnknown, lit(null).cast(f.dataType())).otherwise(col(f.name())).as(f.name()));
            } else {
                cols.add(col(f.name()));
            }
        }
        cols.add(datediff(col("expiration"), col("quote_date")).as("dte"));
        cols.add(col("bid_1545").plus(col("ask_1545")).divide(2).as("mid_1545"));
        cols.add(col("source_file"));
        cols.add(col("ingested_at"));
        cols.add(col("batch_id"));
        Dataset<Row> unique = bronzeRows;
        if (landingOrder != null) {
            WindowSpec latestFirst = Window.partitionBy(OptionEodSchema.NATURAL_KEY.stream().map(c -> col(c))
                            .toArray(Column[]::new))
                    .orderBy(landingOrder.desc(), col("line_number").desc());
            unique = bronzeRows.withColumn("_rank", row_number().over(latestFirst)).filter(col("_rank").equalTo(1));
        }
        return unique.select(cols.toArray(Column[]::new));
    }
}
