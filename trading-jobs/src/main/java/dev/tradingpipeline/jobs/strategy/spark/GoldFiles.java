package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.spark.TableWriteTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.relocated.com.google.common.util.concurrent.MoreExecutors;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.data.SparkParquetWriters;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold rows written into an unpartitioned Iceberg table's data files without a Spark write, and
 * those files committed: on the driver for a few rows it already holds (a run's summaries, its
 * {@code strategy_runs} rows: {@link #append}), and in the strategy's own shard tasks for the
 * trades and days they compute ({@link Writer} there, {@link #commit} on the driver), so that a
 * run is one Spark job. Files are written through the table's own file IO, location provider,
 * write properties and metrics settings, and committed in one append tagged with the run id, as a
 * Spark append makes it.
 *
 * <p>Rows are given in their own schema and written by column name into the table's current
 * schema (a column the table has and the rows do not is null); a column the rows have and the
 * table does not is an error. A file written and not committed (a failed task or commit) is left
 * for the maintenance mode's orphan removal, as with a failed Spark write.
 */
final class GoldFiles {

    private GoldFiles() {
    }

    /** Writes the rows into one data file and appends it, in one commit tagged with the run id. */
    static void append(Table table, String name, List<Row> rows, StructType rowSchema, String runId) {
        try {
            DataFile file = write(table, name, rows, rowSchema, runId);
            commitOnce(table, file == null ? List.of() : List.of(file), runId);
        } catch (RuntimeException e) {
            throw TableWriteTimeouts.naming(name, "an append of run " + runId, e);
        }
    }

    /** Writes the rows into one data file of the table, not committed; null when there are none. */
    static DataFile write(Table table, String name, List<Row> rows, StructType rowSchema, String runId) {
        try (Writer writer = new Writer(table, name, rowSchema, runId)) {
            rows.forEach(writer::add);
            return writer.finish();
        }
    }

    /** Appends data files written by {@link Writer}s, in one commit tagged with the run id. */
    static void commit(Table table, String name, List<DataFile> files, String runId) {
        try {
            commitOnce(table, files, runId);
        } catch (RuntimeException e) {
            throw TableWriteTimeouts.naming(name, "an append of run " + runId, e);
        }
    }

    /**
     * The files go in through a manifest written here, on this thread, and the commit's own
     * manifest work runs on this thread too ({@link #CALLER}): Iceberg's worker pool would be
     * waited for in 10 ms sleeps, several times per commit, for work that takes a fraction of that
     * on a few files. A manifest not committed is deleted; its data files are left for the orphan
     * removal.
     */
    private static void commitOnce(Table table, List<DataFile> files, String runId) {
        AppendFiles append = table.newAppend().scanManifestsWith(CALLER);
        ManifestFile manifest = files.isEmpty() ? null : manifest(table, files);
        if (manifest != null) {
            append.appendManifest(manifest);
        }
        try {
            append.set(IcebergTables.BATCH_PROPERTY, runId).commit();
        } catch (RuntimeException e) {
            if (manifest != null && !(e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException)) {
                try {
                    table.io().deleteFile(manifest.path());
                } catch (RuntimeException ignored) { // NOPMD: the commit's failure is what the caller needs
                    e.addSuppressed(ignored);
                }
            }
            throw e;
        }
    }

    private static ManifestFile manifest(Table table, List<DataFile> files) {
        TableOperations ops = ((HasTableOperations) table).operations();
        OutputFile out = table.io().newOutputFile(
                ops.metadataFileLocation(FileFormat.AVRO.addExtension("gold-" + UUID.randomUUID() + "-m0")));
        ManifestWriter<DataFile> writer = ManifestFiles.write(ops.current().formatVersion(), table.spec(), out, null);
        try (writer) {
            files.forEach(writer::add);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out.location(), e);
        }
        return writer.toManifestFile();
    }

    /** Runs each task on the thread that submits it. */
    private static final ExecutorService CALLER = MoreExecutors.newDirectExecutorService();

    /**
     * Rows into one Parquet data file of the table, opened at the first row: {@link #finish} gives
     * the file, or null when no row came. Works wherever the table does (a
     * {@link org.apache.iceberg.SerializableTable} in a task).
     */
    static final class Writer implements AutoCloseable {
        private final Table table;
        private final String name;
        private final String runId;
        private final int[] from;
        /** Whether the rows' columns are the table's, in its order: rows are then converted as they come. */
        private final boolean inTableOrder;
        private final scala.Function1<Object, Object> toInternal;
        private FileAppender<InternalRow> appender;
        private OutputFile out;
        private final StructType tableType;
        private boolean closed;

        Writer(Table table, String name, StructType rowSchema, String runId) {
            if (!table.spec().isUnpartitioned()) {
                throw new IllegalStateException(name + " is partitioned: rows are appended through Spark instead");
            }
            this.table = table;
            this.name = name;
            this.runId = runId;
            this.tableType = SparkSchemaUtil.convert(table.schema());
            this.from = new int[tableType.fields().length];
            for (int i = 0; i < from.length; i++) {
                String column = tableType.fields()[i].name();
                from[i] = rowSchema.getFieldIndex(column).isDefined() ? rowSchema.fieldIndex(column) : -1;
            }
            for (StructField f : rowSchema.fields()) {
                if (tableType.getFieldIndex(f.name()).isEmpty()) {
                    throw new IllegalStateException(name + " has no column " + f.name());
                }
            }
            boolean same = rowSchema.fields().length == from.length;
            for (int i = 0; i < from.length && same; i++) {
                same = from[i] == i;
            }
            this.inTableOrder = same;
            // as createDataFrame(List<Row>, schema) converts: Java maps and lists, Instant and LocalDate alike
            this.toInternal = CatalystTypeConverters.createToCatalystConverter(tableType);
        }

        /** A row in the writer's row schema. */
        void add(Row r) {
            Row ordered = r;
            if (!inTableOrder) {
                Object[] values = new Object[from.length];
                for (int i = 0; i < from.length; i++) {
                    values[i] = from[i] < 0 ? null : r.get(from[i]);
                }
                ordered = RowFactory.create(values);
            }
            InternalRow row = (InternalRow) toInternal.apply(ordered);
            if (appender == null) {
                open();
            }
            appender.add(row);
        }

        private void open() {
            String file = FileFormat.PARQUET.addExtension(runId + "-" + UUID.randomUUID());
            out = table.io().newOutputFile(table.locationProvider().newDataLocation(file));
            try {
                appender = Parquet.write(out)
                        .forTable(table)
                        .createWriterFunc(type -> SparkParquetWriters.buildWriter(tableType, type))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + out.location() + " of " + name, e);
            }
        }

        /** Closes the file and describes it for a commit; null when no row was added. */
        DataFile finish() {
            if (appender == null) {
                return null;
            }
            close();
            List<Long> offsets = appender.splitOffsets();
            return DataFiles.builder(table.spec())
                    .withPath(out.location())
                    .withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(appender.length())
                    .withMetrics(appender.metrics())
                    .withSplitOffsets(offsets == null ? null : new ArrayList<>(offsets))
                    .build();
        }

        @Override
        public void close() {
            if (appender != null && !closed) {
                closed = true;
                try {
                    appender.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("writing " + out.location() + " of " + name, e);
                }
            }
        }
    }
}
