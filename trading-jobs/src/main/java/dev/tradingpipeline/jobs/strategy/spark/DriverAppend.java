package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.spark.TableWriteTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.data.SparkParquetWriters;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends a few rows the driver already holds (a run's summaries, its {@code strategy_runs} rows)
 * to an unpartitioned Iceberg table without a Spark job: one Parquet data file written through the
 * table's own file IO, location provider, write properties and metrics settings, then one append
 * commit tagged with the run id, as a Spark append makes it. A Spark job for a few hundred rows
 * costs its planning and scheduling, and the last gold commit of a run waits for all of it.
 *
 * <p>The rows are given in their own schema and written by column name into the table's current
 * schema (a column the table has and the rows do not is null); a column the rows have and the
 * table does not is an error. A file written and not committed (a failed commit) is left for the
 * maintenance mode's orphan removal, as with a failed Spark write.
 */
final class DriverAppend {

    private DriverAppend() {
    }

    static void append(Table table, String name, List<Row> rows, StructType rowSchema, String runId) {
        try {
            appendOnce(table, name, rows, rowSchema, runId);
        } catch (RuntimeException e) {
            throw TableWriteTimeouts.naming(name, "an append of run " + runId, e);
        }
    }

    private static void appendOnce(Table table, String name, List<Row> rows, StructType rowSchema, String runId) {
        if (!table.spec().isUnpartitioned()) {
            throw new IllegalStateException(name + " is partitioned: rows are appended through Spark instead");
        }
        StructType tableType = SparkSchemaUtil.convert(table.schema());
        int[] from = new int[tableType.fields().length];
        for (int i = 0; i < from.length; i++) {
            String column = tableType.fields()[i].name();
            from[i] = rowSchema.getFieldIndex(column).isDefined() ? rowSchema.fieldIndex(column) : -1;
        }
        for (StructField f : rowSchema.fields()) {
            if (tableType.getFieldIndex(f.name()).isEmpty()) {
                throw new IllegalStateException(name + " has no column " + f.name());
            }
        }
        // as createDataFrame(List<Row>, schema) converts: Java maps and lists, Instant and LocalDate alike
        scala.Function1<Object, Object> toInternal = CatalystTypeConverters.createToCatalystConverter(tableType);

        String file = FileFormat.PARQUET.addExtension(runId + "-" + UUID.randomUUID());
        OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(file));
        FileAppender<InternalRow> appender;
        try {
            appender = Parquet.write(out)
                    .forTable(table)
                    .createWriterFunc(type -> SparkParquetWriters.buildWriter(tableType, type))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out.location(), e);
        }
        try (appender) {
            for (Row r : rows) {
                Object[] values = new Object[from.length];
                for (int i = 0; i < from.length; i++) {
                    values[i] = from[i] < 0 ? null : r.get(from[i]);
                }
                appender.add((InternalRow) toInternal.apply(RowFactory.create(values)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out.location(), e);
        }
        List<Long> offsets = appender.splitOffsets();
        DataFile data = DataFiles.builder(table.spec())
                .withPath(out.location())
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(appender.length())
                .withMetrics(appender.metrics())
                .withSplitOffsets(offsets == null ? null : new ArrayList<>(offsets))
                .build();
        table.newAppend().appendFile(data).set(IcebergTables.BATCH_PROPERTY, runId).commit();
    }
}
