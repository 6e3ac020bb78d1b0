package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Appends a batch's rejected lines to the rejects table: those collected on the side while the
 * files were read, plus those of files with more rejects than were collected, read again.
 */
final class RejectsWriter {
    private final SparkSession spark;
    private final IcebergTables tables;
    private final LandingReader reader;

    RejectsWriter(SparkSession spark, IcebergTables tables, LandingReader reader) {
        this.spark = spark;
        this.tables = tables;
        this.reader = reader;
    }

    /**
     * Rejects of the files that did not fail.
     *
     * @param spilled the files whose rejects did not all fit on the side: read again
     */
    void append(List<RejectedLine> collected, Map<String, FileSummary> summaries,
            List<LandingFileParser.Input> spilled, String batchId, Instant ingestedAt) {
        Set<String> spilledPaths = new HashSet<>();
        spilled.forEach(in -> spilledPaths.add(in.file().path()));
        Map<String, RejectedLine> unique = new LinkedHashMap<>();
        for (RejectedLine r : collected) {
            FileSummary fs = summaries.get(r.path());
            if (fs != null && !fs.failed() && !spilledPaths.contains(r.path())) {
                unique.put(r.source() + "\n" + r.lineNumber(), r);
            }
        }
        List<Row> rows = unique.values().stream()
                .map(r -> RowFactory.create(r.source(), r.lineNumber(), r.rawLine(), r.reason()))
                .toList();
        Dataset<Row> rejects = spark.createDataFrame(rows, OptionEodSchema.REJECTED);
        if (!spilled.isEmpty()) {
            rejects = rejects.unionByName(reader.read(spilled, LandingFileParser.Emit.REJECTED, null, null));
        }
        tables.append(rejects.select(col("source_file"), col("line_number"), col("raw_line"), col("reason"),
                lit(ingestedAt).as("ingested_at"), lit(batchId).as("batch_id")), IcebergTables.REJECTS, batchId);
    }
}
