package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.ContractKey;
import dev.tradingpipeline.jobs.strategy.DailyRow;
import dev.tradingpipeline.jobs.strategy.ExitReason;
import dev.tradingpipeline.jobs.strategy.Metrics;
import dev.tradingpipeline.jobs.strategy.OptionRight;
import dev.tradingpipeline.jobs.strategy.Summary;
import dev.tradingpipeline.jobs.strategy.Trade;
import dev.tradingpipeline.jobs.strategy.TradeLeg;
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
        Summary summary = Metrics.summarize(100_000, equity, new double[0],
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
        Summary summary = new Summary(0.1234, 0.0567, 0.15, 1.2345, 1.8, -0.0789, 0.72, 0.625, 2.5, 8, -123.456,
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
        Summary s = new Summary(totalReturn, totalReturn, 0.1, sharpe, sharpe, -0.05, 1, 0.5, 1.5, 10, 10, 0.3);
        return new ReportEntry("put-write", "SPX", params(delta, dte), s, List.of(), List.of());
    }

    static Map<String, Double> params(double delta, double dte) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("delta", delta);
        p.put("dte", dte);
        return p;
    }

    static HtmlReport report() {
        return new HtmlReport(RUN_ID, GENERATED_AT, List.of(putWrite(), ironCondor()), List.of(sweep()));
    }
}
