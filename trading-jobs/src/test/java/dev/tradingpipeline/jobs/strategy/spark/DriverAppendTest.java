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
class DriverAppendTest {

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
}
