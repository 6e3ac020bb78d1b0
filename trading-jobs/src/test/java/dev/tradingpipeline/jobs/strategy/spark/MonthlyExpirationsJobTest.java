package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * The strategy job on a small silver table of an index that lists only monthly expirations (RUT,
 * AM-settled), traded with a days-to-expiry window shorter than the gap between them: its calendar
 * is every trading day of the data within the strategy's dates, not only the days the pruned scan
 * has rows for, and the scan stays as pruned as before.
 */
class MonthlyExpirationsJobTest {

    private static final String RUT = "^RUT";
    private static final LocalDate FROM = LocalDate.parse("2024-03-04");
    private static final LocalDate TO = LocalDate.parse("2024-03-22");
    private static final LocalDate MARCH = LocalDate.parse("2024-03-15");
    private static final LocalDate APRIL = LocalDate.parse("2024-04-19");
    /** March 4-22, 2024: 15 trading days (no holiday). */
    private static final List<LocalDate> DAYS = FROM.datesUntil(TO.plusDays(1))
            .filter(d -> d.getDayOfWeek().getValue() <= 5).toList();

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static String catalog;

    /**
     * Silver of ^RUT, March 4-22, 2024. Every day: the April monthly's 100 put and call (46 to 28
     * DTE, never in the 5-20 window below). On the 4th-14th (9 days) also the March monthly's 100
     * put at 1.90 / 2.10 (delta -0.50) and 95 put at 0.40 / 0.60 (delta -0.20), the index at 100;
     * on the 14th the index closes at 97 and the 100 put is 2.90 / 3.10. From the 15th (the March
     * monthly's expiration: AM-settled, it traded last on the 14th) only the April contracts.
     * 15 x 2 + 9 x 2 = 48 rows, 18 of them within 0-20 DTE.
     */
    @BeforeAll
    static void silver() throws Exception {
        spark = SparkTestSession.get();
        config = SparkTestSession.newConfig(root, Map.of());
        catalog = config.get("catalog.name");
        IcebergTables tables = new IcebergTables(spark, config);
        tables.ensureIngestTables();
        String silver = tables.qualified(IcebergTables.SILVER);
        StructType schema = spark.table(silver).schema();
        List<Row> rows = new ArrayList<>();
        for (LocalDate d : DAYS) {
            double spot = d.equals(LocalDate.parse("2024-03-14")) ? 97 : 100;
            rows.add(row(schema, d, APRIL, 100, "P", 3.00, 3.20, -0.45, spot));
            rows.add(row(schema, d, APRIL, 100, "C", 3.00, 3.20, 0.55, spot));
            if (d.isBefore(MARCH)) {
                boolean last = spot == 97;
                rows.add(row(schema, d, MARCH, 100, "P", last ? 2.90 : 1.90, last ? 3.10 : 2.10, last ? -0.8 : -0.5,
                        spot));
                rows.add(row(schema, d, MARCH, 95, "P", 0.40, 0.60, -0.20, spot));
            }
        }
        spark.createDataFrame(rows, schema).writeTo(silver).append();
    }

    /** A silver row: the quote the same at 15:45 and at the close, an index (underlying bid/ask 0). */
    private static Row row(StructType schema, LocalDate date, LocalDate expiration, double strike, String type,
            double bid, double ask, double delta, double spot) {
        Map<String, Object> v = new HashMap<>();
        v.put("underlying_symbol", RUT);
        v.put("quote_date", date);
        v.put("root", "RUT");
        v.put("expiration", expiration);
        v.put("strike", BigDecimal.valueOf(strike).setScale(3));
        v.put("option_type", type);
        v.put("bid_1545", bid);
        v.put("ask_1545", ask);
        v.put("bid_eod", bid);
        v.put("ask_eod", ask);
        v.put("delta_1545", delta);
        v.put("implied_volatility_1545", 0.2);
        v.put("active_underlying_price_1545", spot);
        v.put("underlying_bid_1545", 0.0);
        v.put("underlying_ask_1545", 0.0);
        v.put("underlying_bid_eod", 0.0);
        v.put("underlying_ask_eod", 0.0);
        v.put("dte", (int) ChronoUnit.DAYS.between(date, expiration));
        v.put("mid_1545", (bid + ask) / 2);
        v.put("source_file", "UnderlyingOptionsEODCalcs_" + date + ".csv");
        v.put("ingested_at", Timestamp.valueOf("2024-03-23 00:00:00"));
        v.put("batch_id", "test");
        Object[] values = new Object[schema.size()];
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            values[i] = v.get(fields[i].name());
        }
        return RowFactory.create(values);
    }

    /** Short 1 RUT put, 5-20 DTE, delta 0.50 +/- 0.10, entered once; mid fills, 0.65 commission; 2.52 % cash. */
    private static StrategyTask monthlyPut() {
        return StrategyTask.of(StrategySpec.builder("monthly_put")
                .underlyings(RUT)
                .dates(FROM, TO)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(5, 20, 10),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(FillModel.MID, 0.65)
                .sizing(Sizing.fixed(100_000, 1))
                .cashRate(0.0252)
                .build());
    }

    @Test
    void theScanStaysPrunedAndTheCalendarBringsTheDaysWithoutRows() {
        StrategyJob job = new StrategyJob(spark, config);
        List<StrategyTask> tasks = List.of(monthlyPut());
        Dataset<Row> scan = job.silverScan(tasks);
        Dataset<Row> calendar = job.silverDays(tasks);

        // the chain: the 18 rows within 0-20 DTE of the 48, as before; the calendar reads two columns
        assertThat(spark.table(catalog + "." + IcebergTables.SILVER).count()).isEqualTo(48);
        assertThat(scan.count()).isEqualTo(18);
        assertThat(calendar.columns()).containsExactly("underlying_symbol", "quote_date");

        // what reaches the shard: the 15 days, with the scan's 18 quotes and no other
        List<Tuple2<Long, byte[]>> blocks = StrategyJob.route(scan, calendar, StrategyJob.shards(tasks, 1)).collect();
        DayBlocks.Days days = new DayBlocks.Days(blocks.iterator(), false);
        List<LocalDate> dates = new ArrayList<>();
        int quotes = 0;
        while (days.hasNext()) {
            var day = days.next().day();
            dates.add(day.date());
            quotes += day.quotes().size();
            if (!day.date().isBefore(MARCH)) {
                assertThat(day.quotes()).as("%s", day.date()).isEmpty();
                assertThat(day.underlyingPriceEod()).as("no price without rows").isNaN();
            }
        }
        assertThat(dates).containsExactlyElementsOf(DAYS);
        assertThat(quotes).isEqualTo(18);
    }

    @Test
    void everyTradingDayIsInGoldAndTheMonthlySettlesOnItsExpirationDay() {
        StrategyRunResult result = new StrategyJob(spark, config).run(List.of(monthlyPut()));
        String runId = result.runId();

        // gold.strategy_daily: a row for each of the 15 trading days, not only the 9 with rows in the window
        List<Row> daily = spark.sql("SELECT * FROM " + catalog + "." + GoldTables.DAILY + " WHERE run_id = '"
                + runId + "' ORDER BY date").collectAsList();
        assertThat(daily).extracting(r -> ChainRows.toDate(r.getAs("date"))).containsExactlyElementsOf(DAYS);

        // sold at the mid 2.00 on the 4th; settled on the 15th (EXPIRY, not END_OF_DATA on the 14th)
        // at 100 - 97 = 3.00: no settlement table, so at the index's close of the 14th, noted
        List<Row> trades = spark.sql("SELECT * FROM " + catalog + "." + GoldTables.TRADES + " WHERE run_id = '"
                + runId + "'").collectAsList();
        assertThat(trades).hasSize(1);
        Row t = trades.get(0);
        assertThat(t.<String>getAs("exit_reason")).isEqualTo("EXPIRY");
        assertThat(ChainRows.toDate(t.getAs("exit_date"))).isEqualTo(MARCH);
        assertThat(t.<Double>getAs("pnl")).isCloseTo(-100.65, within(1e-9)); // 100 x (2.00 - 3.00) - 0.65

        // cash 100 000 + 200 - 0.65 = 100 199.35 after the 4th, x 1.0001 each later day (0.0252 / 252),
        // less 300 on the 15th. Equity: the 4th-13th cash - 200 (the put at its mid 2.00), the 14th
        // cash - 300 (mid 3.00), from the 15th all cash:
        //   the 14th: 100 199.35 x 1.0001^8 - 300 = 99 979.5375
        //   the 15th: 100 199.35 x 1.0001^9 - 300 = 99 989.5655
        //   the 22nd: 99 989.5655 x 1.0001^5 = 100 039.5703
        assertThat(daily.get(8).<Double>getAs("equity")).isCloseTo(99_979.5375, within(1e-4));
        assertThat(daily.get(9).<Double>getAs("equity")).isCloseTo(99_989.5655, within(1e-4));
        assertThat(daily.get(9).<Double>getAs("exposure")).isZero();
        assertThat(daily.get(14).<Double>getAs("equity")).isCloseTo(100_039.5703, within(1e-4));
        assertThat(daily.get(14).<Double>getAs("cash")).isCloseTo(100_039.5703, within(1e-4));

        // annualised over the 15 days: CAGR (100 039.5703 / 100 000)^(252 / 15) - 1 = 0.0066686 (the
        // 9 days alone gave (99 979.5375 / 100 000)^(252 / 9) - 1 = -0.0057137). Daily returns: the
        // 4th -0.0000065, the 5th-13th about 0.0001002, the 14th -100.0 / 100 069.5 + 0.0001002 =
        // -0.0008991, the 15th 10.0080 / 99 979.5 = 0.0001003, the 18th-22nd 0.0001; mean
        // 0.0000264, sample standard deviation 0.00025750, x sqrt(252) = 0.0040877.
        TaskSummary s = result.summaries().get(0);
        assertThat(s.dataStart()).isEqualTo(FROM);
        assertThat(s.dataEnd()).isEqualTo(TO);
        assertThat(s.metrics().cagr()).isCloseTo(0.0066686, within(1e-7));
        assertThat(s.metrics().volatility()).isCloseTo(0.0040877, within(1e-7));
        Row summary = spark.sql("SELECT * FROM " + catalog + "." + GoldTables.SUMMARY + " WHERE run_id = '"
                + runId + "'").first();
        assertThat(summary.<Double>getAs("cagr")).isEqualTo(s.metrics().cagr());
        assertThat(summary.<Integer>getAs("trade_count")).isEqualTo(1);
    }

    @Test
    void aPortfolioMemberRunsOverTheSameCalendar() {
        // the same strategy twice in one run: on its own (task 0) and as the only member of an
        // account (task 1, run in lockstep in a shard of its own): one calendar, the same 15 rows
        List<StrategyTask> tasks = List.of(monthlyPut(), monthlyPut());
        StrategyRunResult result = new StrategyJob(spark, config).run(tasks, List.of(), tasks.size(),
                List.of(new StrategyJob.SharedAccountTasks("acct", List.of(1))));
        String in = catalog + "." + GoldTables.DAILY + " WHERE run_id = '" + result.runId() + "' AND task_id = ";
        List<Row> alone = spark.sql("SELECT date, equity, cash FROM " + in + "0 ORDER BY date").collectAsList();
        List<Row> member = spark.sql("SELECT date, equity, cash FROM " + in + "1 ORDER BY date").collectAsList();
        assertThat(member).extracting(r -> ChainRows.toDate(r.get(0))).containsExactlyElementsOf(DAYS);
        assertThat(member).isEqualTo(alone);
        List<Row> exits = spark.sql("SELECT exit_reason, exit_date FROM " + catalog + "." + GoldTables.TRADES
                + " WHERE run_id = '" + result.runId() + "' AND task_id = 1").collectAsList();
        assertThat(exits).extracting(r -> r.getString(0) + " " + ChainRows.toDate(r.get(1)))
                .containsExactly("EXPIRY " + MARCH);
    }
}
