package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows the driver appends without a Spark job read back exactly as a Spark append of the same
 * rows would (maps, arrays of structs, dates, timestamps, nulls), in one commit tagged with the
 * run id, whatever the column order of the table.
 */
class GoldFilesTest {

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static IcebergTables tables;
    private static GoldTables gold;

    @BeforeAll
    static void tables() {
        spark = SparkTestSession.get();
        TradingConfig config = SparkTestSession.newConfig(root, Map.of());
        gold = new GoldTables(spark, config);
        gold.ensure();
        tables = new IcebergTables(spark, config);
    }

    private static Row run(String runId, int taskId, Map<String, Double> parameters, List<String> swept) {
        return RowFactory.create(runId, taskId, "spx-put-write", "^SPX", null, parameters, "spec text", "hash", "dev",
                LocalDate.of(2024, 1, 2), null, Instant.parse("2026-12-06T06:00:00.123456Z"), "simulation", null, swept,
                List.of(RowFactory.create("Fills", "at the mid"), RowFactory.create("Settlement", "PM at the close")));
    }

    @Test
    void rowsReadBackAsASparkAppendOfThemWouldWriteThem() {
        List<Row> rows = List.of(run("r1", 0, Map.of("short_delta", 0.2, "dte_target", 30.0), List.of("short_delta")),
                run("r1", 1, Map.of(), null));

        gold.appendRows(rows, GoldTables.RUNS_WRITTEN, GoldTables.RUNS, "r1");

        List<Row> read = spark.table(tables.qualified(GoldTables.RUNS)).where("run_id = 'r1'").orderBy("task_id")
                .collectAsList();
        // the same rows through Spark's own conversion, independently of the driver append
        List<Row> expected = spark.createDataFrame(rows, GoldTables.RUNS_WRITTEN).orderBy("task_id").collectAsList();
        assertThat(read).hasSize(2);
        for (int i = 0; i < 2; i++) {
            for (String column : GoldTables.RUNS_WRITTEN.fieldNames()) {
                assertThat((Object) read.get(i).getAs(column)).as(column)
                        .isEqualTo(expected.get(i).getAs(column));
            }
        }
        assertThat(read.get(0).<scala.collection.Map<String, Double>>getAs("parameters").get("dte_target").get())
                .isEqualTo(30.0);

        Table table = tables.load(GoldTables.RUNS);
        List<Snapshot> tagged = new ArrayList<>();
        table.snapshots().forEach(s -> {
            if ("r1".equals(s.summary().get(IcebergTables.BATCH_PROPERTY))) {
                tagged.add(s);
            }
        });
        assertThat(tagged).hasSize(1);
        assertThat(tagged.get(0).summary()).containsEntry("added-records", "2").containsEntry("added-data-files", "1");
    }

    @Test
    void rowsInAnotherColumnOrderWithAColumnLessGoByNameAndAColumnTooManyFails() {
        // the rows name three columns, in an order of their own; the table's others are null
        StructType some = DataTypes.createStructType(List.of(
                DataTypes.createStructField("strategy", DataTypes.StringType, true),
                DataTypes.createStructField("task_id", DataTypes.IntegerType, true),
                DataTypes.createStructField("run_id", DataTypes.StringType, true)));
        gold.appendRows(List.of(RowFactory.create("by-name", 7, "r2")), some, GoldTables.RUNS, "r2");

        Row read = spark.table(tables.qualified(GoldTables.RUNS)).where("run_id = 'r2'").first();
        assertThat((Object) read.getAs("task_id")).isEqualTo(7);
        assertThat((Object) read.getAs("strategy")).isEqualTo("by-name");
        assertThat((Object) read.getAs("underlying")).isNull();
        assertThat((Object) read.getAs("conventions")).isNull();

        List<StructField> more = new ArrayList<>(Arrays.asList(some.fields()));
        more.add(DataTypes.createStructField("no_such_column", DataTypes.StringType, true));
        assertThatThrownBy(() -> gold.appendRows(List.of(RowFactory.create("x", 8, "r3", "y")),
                DataTypes.createStructType(more), GoldTables.RUNS, "r3"))
                .hasMessageContaining(GoldTables.RUNS).hasMessageContaining("has no column no_such_column");
        assertThat(spark.table(tables.qualified(GoldTables.RUNS)).where("run_id = 'r3'").count()).isZero();
    }

    private static Row day(String runId, int taskId, LocalDate date, double equity) {
        return RowFactory.create(runId, taskId, "spx-put-write", "^SPX", date, equity, equity, 0.0, 0.0, 0.0, null);
    }

    @Test
    void filesWrittenAsTheShardsWriteThemAreCommittedInOneTaggedAppend() {
        Table daily = tables.load(GoldTables.DAILY);
        // two shards' files, each written through a serialized copy of the table, as a task has it
        List<org.apache.iceberg.DataFile> files = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            Table copy = org.apache.iceberg.spark.source.SerializableTableWithSize.copyOf(daily);
            try (GoldFiles.Writer w = new GoldFiles.Writer(copy, "daily", GoldTables.DAILY_SCHEMA, "r4")) {
                w.add(day("r4", shard, LocalDate.of(2024, 1, 2), 100_000 + shard));
                if (shard == 1) {
                    w.add(day("r4", shard, LocalDate.of(2024, 1, 3), 100_500));
                }
                files.add(w.finish());
            }
        }
        // a shard without rows has no file
        try (GoldFiles.Writer w = new GoldFiles.Writer(daily, "daily", GoldTables.DAILY_SCHEMA, "r4")) {
            assertThat(w.finish()).isNull();
        }

        gold.commitFiles(GoldTables.DAILY, files, "r4");

        List<Row> read = spark.table(tables.qualified(GoldTables.DAILY)).where("run_id = 'r4'")
                .orderBy("task_id", "date").collectAsList();
        assertThat(read).extracting(r -> r.getAs("task_id") + " " + r.getAs("date") + " " + r.getAs("equity"))
                .containsExactly("0 2024-01-02 100000.0", "1 2024-01-02 100001.0", "1 2024-01-03 100500.0");
        Snapshot last = tables.load(GoldTables.DAILY).currentSnapshot();
        assertThat(last.summary()).containsEntry(IcebergTables.BATCH_PROPERTY, "r4")
                .containsEntry("added-data-files", "2").containsEntry("added-records", "3");
    }

    @Test
    void aRunWithoutRowsStillCommitsItsTaggedAppend() {
        Table trades = tables.load(GoldTables.TRADES);
        long before = trades.currentSnapshot() == null ? -1 : trades.currentSnapshot().snapshotId();

        gold.commitFiles(GoldTables.TRADES, List.of(), "r5");

        Snapshot last = tables.load(GoldTables.TRADES).currentSnapshot();
        assertThat(last.snapshotId()).isNotEqualTo(before);
        assertThat(last.summary()).containsEntry(IcebergTables.BATCH_PROPERTY, "r5");
        assertThat(spark.table(tables.qualified(GoldTables.TRADES)).where("run_id = 'r5'").count()).isZero();
    }

    @Test
    void aCommitIsSeenByTheSessionEvenWhenItsCacheHoldsAnotherTableObjectByThen() {
        // the files are written for the table as it was loaded at the run's start...
        Table early = tables.load(GoldTables.DAILY);
        List<org.apache.iceberg.DataFile> files = new ArrayList<>();
        try (GoldFiles.Writer w = new GoldFiles.Writer(early, "daily", GoldTables.DAILY_SCHEMA, "r6")) {
            w.add(day("r6", 0, LocalDate.of(2024, 1, 2), 100_000));
            files.add(w.finish());
        }
        // ...then, during a long run, the catalog's cache lets that object go and a read caches another
        spark.catalog().refreshTable(tables.qualified(GoldTables.DAILY));
        assertThat(spark.table(tables.qualified(GoldTables.DAILY)).where("run_id = 'r6'").count()).isZero();

        gold.commitFiles(GoldTables.DAILY, files, "r6");

        assertThat(spark.table(tables.qualified(GoldTables.DAILY)).where("run_id = 'r6'").count()).isEqualTo(1);
    }
}
