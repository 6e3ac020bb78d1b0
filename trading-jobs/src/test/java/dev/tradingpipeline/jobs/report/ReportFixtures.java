package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.Metrics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Two small synthetic runs and a 2 x 2 sweep whose figures the tests know by hand. */
final class ReportFixtures {

    static final String RUN_ID = "20240402-120000-test";
    static final Instant GENERATED_AT = Instant.parse("2024-04-02T12:00:00Z");
    static final String HOSTILE_NAME = "Put<&>write \"x\"";

    private ReportFixtures() {
    }

    /**
     * 100,000 -> 101,000, 102,000 (Jan), 99,960 (Feb: 2 % below the peak), 104,040 (Mar).
     * Months: Jan +2.00 %, Feb -2.00 %, Mar +4.08 % (104,040 / 99,960); 2024 +4.04 %.
     * Trades +1,500, -500, +3,040: win rate 66.67 %, profit factor 9.08, average 1,346.67.
     */
    static ReportEntry putWrite() {
        double[] equity = {101_000, 102_000, 99_960, 104_040};
        List<LocalDate> dates = List.of(LocalDate.of(2024, 1, 30), LocalDate.of(2024, 1, 31),
                LocalDate.of(2024, 2, 15), LocalDate.of(2024, 3, 28));
        List<DailyRow> daily = daily(100_000, dates, equity);
        ContractKey jan = new ContractKey("SPXW", LocalDate.of(2024, 1, 31), 4800, OptionRight.PUT);
        ContractKey feb = new ContractKey("SPXW", LocalDate.of(2024, 2, 16), 4850, OptionRight.PUT);
        ContractKey mar = new ContractKey("SPXW", LocalDate.of(2024, 3, 28), 5000.5, OptionRight.PUT);
        List<Trade> trades = List.of(
                new Trade(1, HOSTILE_NAME, "SPX", LocalDate.of(2024, 1, 30), LocalDate.of(2024, 1, 31),
                        ExitReason.EXPIRY, List.of(new TradeLeg(jan, -1, 15.0, 0.0)), -1500, 0, 1500),
                new Trade(2, HOSTILE_NAME, "SPX", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 15),
                        ExitReason.STOP_LOSS, List.of(new TradeLeg(feb, -1, 10.0, 15.0)), -1000, 0, -500),
                new Trade(3, HOSTILE_NAME, "SPX", LocalDate.of(2024, 2, 16), LocalDate.of(2024, 3, 28),
                        ExitReason.TAKE_PROFIT, List.of(new TradeLeg(mar, -1, 31.4, 1.0)), -3140, 0, 3040));
        SimulationSummary summary = Metrics.summarize(100_000, equity, new double[0],
                trades.stream().mapToDouble(Trade::pnl).toArray(), 0.0);
        return new ReportEntry(HOSTILE_NAME, "SPX", params(0.3, 45), summary, daily, trades);
    }

    /**
     * Across a year end: 50,000 -> 50,500 (Dec 2023, +1.00 %), 49,490, 50,995 (Jan 2024, +0.98 %).
     * Its summary is set directly so that every formatted figure is known.
     */
    static ReportEntry ironCondor() {
        double[] equity = {50_500, 49_490, 50_995};
        List<LocalDate> dates = List.of(LocalDate.of(2023, 12, 28), LocalDate.of(2024, 1, 2),
                LocalDate.of(2024, 1, 3));
        SimulationSummary summary = new SimulationSummary(0.1234, 0.0567, 0.15, 1.2345, 1.8, -0.0789, 0.72, 0.625, 2.5, 8, -123.456,
                0.4);
        return new ReportEntry("iron-condor", "GLD", Map.of(), summary, daily(50_000, dates, equity), List.of());
    }

    static List<DailyRow> daily(double initial, List<LocalDate> dates, double[] equity) {
        List<DailyRow> rows = new ArrayList<>();
        double previous = initial;
        double peak = initial;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            rows.add(new DailyRow(dates.get(i), equity[i], equity[i], 0, equity[i] - previous, equity[i] / peak - 1));
            previous = equity[i];
        }
        return rows;
    }

    /**
     * delta x dte: (0.2, 30) Sharpe 0.8; (0.2, 45) 1.1 and +5 %; (0.3, 30) 1.1 and +7 %; (0.3, 45) undefined.
     * Ranking: (0.3, 30), (0.2, 45), (0.2, 30), (0.3, 45).
     */
    static Sweep sweep() {
        return new Sweep("put-write", "delta", "dte", List.of(
                sweepRun(0.2, 30, 0.8, 0.04),
                sweepRun(0.2, 45, 1.1, 0.05),
                sweepRun(0.3, 30, 1.1, 0.07),
                sweepRun(0.3, 45, Double.NaN, 0.0)));
    }

    private static ReportEntry sweepRun(double delta, double dte, double sharpe, double totalReturn) {
        SimulationSummary s = new SimulationSummary(totalReturn, totalReturn, 0.1, sharpe, sharpe, -0.05, 1, 0.5, 1.5, 10, 10, 0.3);
        return new ReportEntry("put-write", "SPX", params(delta, dte), s, List.of(), List.of());
    }

    static Map<String, Double> params(double delta, double dte) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("delta", delta);
        p.put("dte", dte);
        return p;
    }

    /** Weekdays from {@code from}, {@code count} of them. */
    static List<LocalDate> weekdays(LocalDate from, int count) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; days.size() < count; d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                days.add(d);
            }
        }
        return days;
    }

    /** Equity from {@code initial} compounding seeded normal daily returns. */
    static double[] randomEquity(double initial, int days, double mean, double sd, java.util.Random random) {
        double[] equity = new double[days];
        double e = initial;
        for (int i = 0; i < days; i++) {
            e *= 1 + mean + sd * random.nextGaussian();
            equity[i] = e;
        }
        return equity;
    }

    /**
     * A year of weekdays from 2023-01-02 (260 days) with a benchmark that starts on the eleventh
     * day, 43 trades of four exit reasons and a cash rate of 4 %; seeded, so every figure is fixed.
     */
    static ReportEntry yearLong() {
        java.util.Random random = new java.util.Random(17);
        List<LocalDate> dates = weekdays(LocalDate.of(2023, 1, 2), 260);
        double[] equity = randomEquity(100_000, dates.size(), 0.0005, 0.01, random);
        List<Double> benchmark = new ArrayList<>();
        double b = 100_000;
        for (int i = 0; i < dates.size(); i++) {
            if (i < 10) {
                benchmark.add(null);
            } else {
                b *= i == 10 ? 1 : 1 + 0.0003 + 0.008 * random.nextGaussian();
                benchmark.add(b);
            }
        }
        ContractKey put = new ContractKey("SPXW", LocalDate.of(2024, 1, 19), 4000, OptionRight.PUT);
        ExitReason[] reasons = {ExitReason.TAKE_PROFIT, ExitReason.STOP_LOSS, ExitReason.EXPIRY, ExitReason.DTE};
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i + 5 < dates.size(); i += 6) {
            double pnl = Math.round(400 * random.nextGaussian() + 50);
            trades.add(new Trade(trades.size() + 1, "put-write", "SPX", dates.get(i), dates.get(i + 5),
                    reasons[trades.size() % reasons.length], List.of(new TradeLeg(put, -1, 10, 8)), -1000, 1.3, pnl));
        }
        SimulationSummary summary = Metrics.summarize(100_000, equity, new double[0],
                trades.stream().mapToDouble(Trade::pnl).toArray(), 0.04);
        return new ReportEntry("put-write", "SPX", params(0.3, 45), summary, daily(100_000, dates, equity), trades,
                dev.tradingpipeline.jobs.strategy.engine.Conventions.of(dev.tradingpipeline.jobs.strategy.spec.StrategySpec
                        .builder("put-write").build()))
                .withCashRate(0.04).withBenchmark("SPX buy-and-hold", benchmark);
    }

    /**
     * A sweep of {@code rows} x {@code columns} combinations (delta x dte) over {@code days}
     * weekdays, each with seeded random equity and a trade a week: the shape of a long sweep.
     */
    static Sweep largeSweep(int rows, int columns, int days) {
        java.util.Random random = new java.util.Random(5);
        List<LocalDate> dates = weekdays(LocalDate.of(2023, 1, 2), days);
        ContractKey put = new ContractKey("SPXW", LocalDate.of(2024, 1, 19), 4000, OptionRight.PUT);
        List<ReportEntry> entries = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double[] equity = randomEquity(100_000, days, 0.0002 * random.nextGaussian(), 0.01, random);
                List<Trade> trades = new ArrayList<>();
                for (int i = 0; i + 4 < days; i += 5) {
                    trades.add(new Trade(trades.size() + 1, "put-write", "SPX", dates.get(i), dates.get(i + 4),
                            i % 2 == 0 ? ExitReason.EXPIRY : ExitReason.TAKE_PROFIT,
                            List.of(new TradeLeg(put, -1, 10, 5)), -1000, 1.3, equity[i + 4] - equity[i]));
                }
                SimulationSummary summary = Metrics.summarize(100_000, equity, new double[0],
                        trades.stream().mapToDouble(Trade::pnl).toArray(), 0.0);
                entries.add(new ReportEntry("put-write", "SPX", params((5 + r) / 100.0, 7 + c), summary,
                        daily(100_000, dates, equity), trades));
            }
        }
        return new Sweep("put-write", "delta", "dte", entries);
    }

    static HtmlReport report() {
        return new HtmlReport(RUN_ID, GENERATED_AT, List.of(putWrite(), ironCondor()), List.of(sweep()));
    }
}
