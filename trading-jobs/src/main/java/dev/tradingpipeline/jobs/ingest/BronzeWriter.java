package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Appends a batch's landed lines to bronze, each with its lineage and the trading day its file's name gives. */
final class BronzeWriter {
    private final IcebergTables tables;

    BronzeWriter(IcebergTables tables) {
        this.tables = tables;
    }

    /** @param lines the batch's lines as {@link LandingReader} reads them ({@link OptionEodSchema#LINES}) */
    void append(Dataset<Row> lines, List<LandingFile> files, String batchId, Instant ingestedAt) {
        // the trading day each file's name gives, or null
        Column fileDay = lit(null).cast(DataTypes.DateType);
        for (LandingFile f : files) {
            if (f.day().isPresent()) {
                fileDay = when(SourceFiles.ofFile(f.path()), lit(f.day().get())).otherwise(fileDay);
            }
        }
        // Bronze keeps lines as they come: each task writes its own file's lines, so no shuffle;
        // fanout copes with a task's files of several days.
        tables.append(lines.select(col("source_file"), col("line_number"), col("raw_line"), fileDay.as("file_day"),
                        lit(ingestedAt).as("ingested_at"), lit(batchId).as("batch_id"), col(IcebergTables.LINE_CUT)),
                IcebergTables.BRONZE, batchId, Map.of("distribution-mode", "none", "fanout-enabled", "true"));
    }
}
