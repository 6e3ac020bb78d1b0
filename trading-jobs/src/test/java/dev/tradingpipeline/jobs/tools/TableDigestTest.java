package dev.tradingpipeline.jobs.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.tables.TableNames;
import dev.tradingpipeline.jobs.TradingJob;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.strategy.spark.GoldTables;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableDigestTest {

    @TempDir
    Path root;

    private final SparkSession spark = SparkTestSession.get();

    private static final String LOCAL_LANDING = "file:/data/trading/landing/";
    private static final String S3_LANDING = "s3://research-bucket/trading/landing/";

    /** bronze.option_eod_rejects as the ingest creates it. */
    private static final StructType REJECTS = new StructType()
            .add("source_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("raw_line", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true)
            .add("ingested_at", DataTypes.TimestampType, false)
            .add("batch_id", DataTypes.StringType, false);

    /** Rejected lines as one target's ingest writes them: its landing, its time, its batch. */
    private static List<Row> rejects(String landing, Instant ingestedAt, String batchId) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String file = i % 3 == 0 ? "2024/UnderlyingOptionsEODCalcs_2024-01.zip!/UnderlyingOptionsEODCalcs_2024-01-0"
                    + (i % 9 + 1) + ".csv" : "UnderlyingOptionsEODCalcs_2024-02-0" + (i % 5 + 1) + ".csv";
            rows.add(RowFactory.create(landing + file, (long) i, i % 7 == 0 ? null : "^SPX,2024-02-01,line " + i,
                    i % 4 == 0 ? null : "strike is not a number: 'x" + i % 3 + "'", ingestedAt, batchId));
        }
        return rows;
    }

    private String rejectsLine(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith(TableDigest.PREFIX + TableNames.REJECTS + " ")).findFirst()
                .orElseThrow();
    }

    @Test
    void theSameRowsInAnotherLayoutOrderAndLandingGiveTheSameDigests() throws Exception {
        // target a: one commit, one file, the local landing
        TradingConfig a = SparkTestSession.newConfig(root.resolve("a"), Map.of());
        IcebergTables aTables = new IcebergTables(spark, a);
        aTables.ensureIngestTables();
        spark.createDataFrame(rejects(LOCAL_LANDING, Instant.parse("2026-12-01T10:00:00Z"), "20261201T100000-aaaa"),
                REJECTS).coalesce(1).writeTo(aTables.qualified(TableNames.REJECTS)).append();
        // target b: bucketed, two commits of three files each, rows reversed, S3 landing, other times and batches
        TradingConfig b = SparkTestSession.newConfig(root.resolve("b"), Map.of());
        IcebergTables bTables = new IcebergTables(spark, b);
        bTables.ensureIngestTables();
        spark.sql("ALTER TABLE " + bTables.qualified(TableNames.REJECTS) + " ADD PARTITION FIELD bucket(4, line_number)");
        List<Row> reversed = new ArrayList<>(rejects(S3_LANDING, Instant.parse("2026-12-02T08:30:00Z"),
                "20261202T083000-bbbb"));
        Collections.reverse(reversed);
        spark.createDataFrame(reversed.subList(0, 25), REJECTS).repartition(3)
                .writeTo(bTables.qualified(TableNames.REJECTS)).append();
        List<Row> rest = rejects(S3_LANDING, Instant.parse("2026-12-02T08:31:00Z"), "20261202T083100-cccc")
                .subList(0, 15);
        spark.createDataFrame(rest, REJECTS).repartition(3).writeTo(bTables.qualified(TableNames.REJECTS)).append();
        assertThat(dataFiles(bTables.qualified(TableNames.REJECTS)))
                .as("b's layout differs from a's single file").isGreaterThan(dataFiles(aTables.qualified(TableNames.REJECTS)));

        Path outA = root.resolve("digest/a.txt");
        ByteArrayOutputStream printedA = new ByteArrayOutputStream();
        assertThat(TableDigest.execute(spark, TableDigest.Arguments.parse("--out", outA.toString()), a,
                new PrintStream(printedA, true, StandardCharsets.UTF_8))).isEqualTo(TradingJob.EXIT_OK);
        List<String> linesA = Files.readAllLines(outA);
        List<String> linesB = TableDigest.lines(spark, b, new PrintStream(new ByteArrayOutputStream()));

        assertThat(printedA.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(linesA);
        assertThat(linesB).isEqualTo(linesA).hasSize(TableNames.MAINTAINED.size());
        assertThat(rejectsLine(linesA)).matches("\\[table-digest] bronze\\.option_eod_rejects rows=40 hash=[0-9a-f]{32}"
                + " excluded=ingested_at,batch_id normalised=source_file");
        assertThat(linesA).contains(TableDigest.PREFIX + "gold.strategy_trades does not exist");
        assertThat(linesA.get(0)).startsWith(TableDigest.PREFIX + "bronze.option_eod rows=0 hash=" + "0".repeat(32));

        // every column a rule names is one of its table's
        for (String table : TableNames.INGEST) {
            assertRulesNameColumnsOf(table, spark.table(aTables.qualified(table)).schema());
        }
        Map<String, StructType> gold = Map.of(TableNames.RUNS, GoldTables.RUNS_SCHEMA, TableNames.TRADES,
                GoldTables.TRADES_SCHEMA, TableNames.DAILY, GoldTables.DAILY_SCHEMA, TableNames.SUMMARY,
                GoldTables.SUMMARY_SCHEMA, TableNames.WINDOWS, GoldTables.WINDOWS_SCHEMA, TableNames.PORTFOLIO_MEMBERS,
                GoldTables.PORTFOLIO_MEMBERS_SCHEMA);
        gold.forEach(this::assertRulesNameColumnsOf);
        assertThat(DigestRules.PIPELINE.keySet()).containsExactlyInAnyOrderElementsOf(TableNames.MAINTAINED);
    }

    private long dataFiles(String table) {
        return spark.sql("SELECT count(*) FROM " + table + ".files").first().getLong(0);
    }

    private void assertRulesNameColumnsOf(String table, StructType schema) {
        DigestRules rules = DigestRules.PIPELINE.get(table);
        List<String> named = new ArrayList<>(rules.excludedColumns());
        named.addAll(rules.normalised().keySet());
        if (rules.latestRunOnly()) {
            named.add("run_id");
        }
        assertThat(List.of(schema.fieldNames())).as(table).containsAll(named);
    }

    @Test
    void aSingleDifferentValueGivesAnotherDigest() {
        DigestRules rules = DigestRules.PIPELINE.get(TableNames.REJECTS);
        List<Row> base = rejects(LOCAL_LANDING, Instant.parse("2026-12-01T10:00:00Z"), "b1");
        TableDigest.Digest digest = digest(base, rules);
        assertThat(digest.rows()).isEqualTo(40);
        assertThat(digest(rejects(S3_LANDING, Instant.parse("2026-12-03T10:00:00Z"), "b2"), rules)).isEqualTo(digest);

        List<Row> changed = new ArrayList<>(base);
        Row r = changed.get(10);
        changed.set(10, RowFactory.create(r.get(0), r.get(1), r.getString(2) + "0", r.get(3), r.get(4), r.get(5)));
        TableDigest.Digest other = digest(changed, rules);
        assertThat(other.rows()).isEqualTo(digest.rows());
        assertThat(other.first()).isNotEqualTo(digest.first());
        assertThat(other.second()).isNotEqualTo(digest.second());

        // another landing file (the file name counts), a null moved to the next column, a row twice
        changed = new ArrayList<>(base);
        changed.set(10, RowFactory.create(LOCAL_LANDING + "UnderlyingOptionsEODCalcs_2024-03-01.csv", r.get(1),
                r.get(2), r.get(3), r.get(4), r.get(5)));
        assertThat(digest(changed, rules).hex()).isNotEqualTo(digest.hex());
        Row nulls = base.get(6); // raw_line null, reason set
        assertThat(nulls.isNullAt(2)).isTrue();
        changed = new ArrayList<>(base);
        changed.set(6, RowFactory.create(nulls.get(0), nulls.get(1), nulls.get(3), null, nulls.get(4), nulls.get(5)));
        assertThat(digest(changed, rules).hex()).isNotEqualTo(digest.hex());
        changed = new ArrayList<>(base);
        changed.set(1, base.get(0));
        assertThat(digest(changed, rules).hex()).isNotEqualTo(digest.hex());
    }

    private TableDigest.Digest digest(List<Row> rows, DigestRules rules) {
        return TableDigest.digest(spark.createDataFrame(rows, REJECTS), rules);
    }

    /** gold.strategy_runs' columns the test sets. */
    private static final StructType RUNS = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("task_id", DataTypes.IntegerType)
            .add("parameters", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
            .add("spec", DataTypes.StringType)
            .add("config_hash", DataTypes.StringType)
            .add("started_at", DataTypes.TimestampType);

    private static Row run(String runId, String benchmark, boolean reversedParameters, Instant startedAt) {
        Map<String, Double> parameters = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("delta", "dte", "width"));
        if (reversedParameters) {
            Collections.reverse(names);
        }
        names.forEach(n -> parameters.put(n, (double) n.length()));
        String spec = "StrategySpec[name=put-write, underlyings=[^SPX]] benchmark=csv=" + benchmark + " name=PUT index";
        return RowFactory.create(runId, 3, scala.collection.JavaConverters.mapAsScalaMap(parameters), spec,
                Integer.toHexString(spec.hashCode()), startedAt);
    }

    @Test
    void goldRunsDigestWithoutTheirRunIdsTimesAndBenchmarkLocations() {
        DigestRules rules = DigestRules.PIPELINE.get(TableNames.RUNS);
        assertThat(rules.latestRunOnly()).isTrue();
        TableDigest.Digest local = runsDigest(run("20261201T100000-1a2b3c4d", "/home/me/data/benchmarks/PUT.csv",
                false, Instant.parse("2026-12-01T10:00:00Z")), rules);
        TableDigest.Digest remote = runsDigest(run("20261202T083000-9f8e7d6c", "s3://research-bucket/benchmarks/PUT.csv",
                true, Instant.parse("2026-12-02T08:30:00Z")), rules);
        assertThat(remote).isEqualTo(local);
        TableDigest.Digest otherFile = runsDigest(run("20261202T083000-9f8e7d6c",
                "s3://research-bucket/benchmarks/BXM.csv", true, Instant.parse("2026-12-02T08:30:00Z")), rules);
        assertThat(otherFile.hex()).isNotEqualTo(local.hex());
    }

    private TableDigest.Digest runsDigest(Row row, DigestRules rules) {
        Dataset<Row> rows = spark.createDataFrame(List.of(row), RUNS);
        return TableDigest.digest(rows, rules);
    }

    @Test
    void goldTablesCountTheLatestRunOnly() {
        TradingConfig config = SparkTestSession.newConfig(root, Map.of());
        GoldTables gold = new GoldTables(spark, config);
        gold.ensure();
        Instant older = Instant.parse("2026-12-01T10:00:00Z");
        Instant newer = Instant.parse("2026-12-02T10:00:00Z");
        append(gold, TableNames.RUNS, GoldTables.RUNS_SCHEMA, List.of(
                goldRow(GoldTables.RUNS_SCHEMA, "20261201T100000-0000aaaa", 0, "a", Map.of("started_at", older)),
                goldRow(GoldTables.RUNS_SCHEMA, "20261202T100000-0000bbbb", 0, "b", Map.of("started_at", newer)),
                goldRow(GoldTables.RUNS_SCHEMA, "20261202T100000-0000bbbb", 1, "c", Map.of("started_at", newer))));
        append(gold, TableNames.TRADES, GoldTables.TRADES_SCHEMA, List.of(
                goldRow(GoldTables.TRADES_SCHEMA, "20261201T100000-0000aaaa", 0, "a", Map.of("pnl", 1.5)),
                goldRow(GoldTables.TRADES_SCHEMA, "20261202T100000-0000bbbb", 0, "b", Map.of("pnl", -2.0))));

        List<String> lines = TableDigest.lines(spark, config, new PrintStream(new ByteArrayOutputStream()));

        // the newer run alone, under another run id and start: what the other target's run wrote
        Instant elsewhere = Instant.parse("2026-12-03T07:00:00Z");
        TableDigest.Digest runs = TableDigest.digest(spark.createDataFrame(List.of(
                goldRow(GoldTables.RUNS_SCHEMA, "20261203T070000-0000cccc", 0, "b", Map.of("started_at", elsewhere)),
                goldRow(GoldTables.RUNS_SCHEMA, "20261203T070000-0000cccc", 1, "c", Map.of("started_at", elsewhere))),
                GoldTables.RUNS_SCHEMA), DigestRules.PIPELINE.get(TableNames.RUNS));
        TableDigest.Digest trades = TableDigest.digest(spark.createDataFrame(List.of(
                goldRow(GoldTables.TRADES_SCHEMA, "20261203T070000-0000cccc", 0, "b", Map.of("pnl", -2.0))),
                GoldTables.TRADES_SCHEMA), DigestRules.PIPELINE.get(TableNames.TRADES));
        assertThat(lines).contains(TableDigest.PREFIX + TableNames.RUNS + " rows=2 hash=" + runs.hex()
                        + " excluded=run_id,started_at,config_hash normalised=spec scope=latest-run",
                TableDigest.PREFIX + TableNames.TRADES + " rows=1 hash=" + trades.hex()
                        + " excluded=run_id scope=latest-run",
                TableDigest.PREFIX + TableNames.DAILY + " rows=0 hash=" + "0".repeat(32)
                        + " excluded=run_id scope=latest-run");
    }

    private void append(GoldTables gold, String table, StructType schema, List<Row> rows) {
        try {
            spark.createDataFrame(rows, schema).writeTo(gold.qualified(table)).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gold row of a run's task: its key columns and these values; every other column null. */
    private static Row goldRow(StructType schema, String runId, int taskId, String strategy, Map<String, Object> values) {
        Object[] v = new Object[schema.size()];
        v[schema.fieldIndex("run_id")] = runId;
        v[schema.fieldIndex("task_id")] = taskId;
        v[schema.fieldIndex("strategy")] = strategy;
        v[schema.fieldIndex("underlying")] = "^SPX";
        values.forEach((k, x) -> v[schema.fieldIndex(k)] = x);
        return RowFactory.create(v);
    }

    @Test
    void aBadCommandLineExitsWithTwoBeforeSparkStarts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = TableDigest.run(new String[] {"--config", "c.yaml", "--mode", "daily"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("[table-digest] not started: unknown argument '--mode'")
                .contains("usage: TableDigest");
        assertThatThrownBy(() -> TableDigest.Arguments.parse("--set", "novalue")).hasMessageContaining(
                "--set takes key=value, got 'novalue'");
        TableDigest.Arguments parsed = TableDigest.Arguments.parse("--config", "s3://b/config.yaml", "--set",
                "paths.landing=/x=y", "--out", "digest.txt");
        assertThat(parsed.config()).contains("s3://b/config.yaml");
        assertThat(parsed.overrides()).containsEntry("paths.landing", "/x=y");
        assertThat(parsed.out()).isEqualTo(Optional.of("digest.txt"));
    }
}
