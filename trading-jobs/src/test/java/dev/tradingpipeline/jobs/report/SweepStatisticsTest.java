package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.statistics.SharpeStatistics;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sweep's overfitting statistics are over the same returns as its Sharpe ratios and PSRs: daily
 * returns in excess of the cash rate, over the days every combination has.
 */
class SweepStatisticsTest {

    private static final LocalDate DAY = LocalDate.of(2024, 1, 2);
    private static final SimulationSummary ANY = new SimulationSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static ReportEntry entry(String name, double cashRate, List<LocalDate> dates, double... equity) {
        List<DailyRow> daily = new ArrayList<>();
        for (int t = 0; t < equity.length; t++) {
            daily.add(new DailyRow(dates.get(t), equity[t], equity[t], 0, 0, 0));
        }
        return new ReportEntry(name, "^SPX", Map.of(), ANY, daily, List.of(), List.of(), cashRate, null, List.of(),
                List.of());
    }

    private static List<LocalDate> days(int n) {
        List<LocalDate> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            out.add(DAY.plusDays(t));
        }
        return out;
    }

    @Test
    void returnsAreInExcessOfEachCombinationsCashRate() {
        // a at 2.52% a year: 0.0001 a day; 100 -> 101 is +1%, 101 -> 99.99 is -1%
        // b at 0%: 200 -> 202 -> 201 is +1%, then -0.4950495...%
        List<ReportEntry> entries = List.of(entry("a", 0.0252, days(3), 100, 101, 99.99),
                entry("b", 0.0, days(3), 200, 202, 201));
        double[][] r = SweepStatistics.returns(entries);
        assertThat(r[0][0]).isCloseTo(0.01 - 0.0001, within(1e-15));
        assertThat(r[0][1]).isCloseTo(-0.01 - 0.0001, within(1e-15));
        assertThat(r[1][0]).isCloseTo(0.01, within(1e-15));
        assertThat(r[1][1]).isCloseTo(201.0 / 202 - 1, within(1e-15));
    }

    @Test
    void onlyTheCommonDaysCountAndTheDeflatedSharpeIsOfThoseExcessReturns() {
        // c lacks day 2: the common days are 0, 1, 3, 4; its return from day 1 to day 3 is one return
        List<LocalDate> all = days(5);
        List<LocalDate> gap = List.of(all.get(0), all.get(1), all.get(3), all.get(4));
        ReportEntry a = entry("a", 0.0252, all, 100, 101, 102, 101.5, 103);
        ReportEntry c = entry("c", 0.0252, gap, 50, 50.5, 50.4, 51);
        double[][] r = SweepStatistics.returns(List.of(a, c));
        assertThat(r[0]).hasSize(3);
        assertThat(r[0][1]).isCloseTo(101.5 / 101 - 1 - 0.0001, within(1e-15));
        assertThat(r[1][1]).isCloseTo(50.4 / 50.5 - 1 - 0.0001, within(1e-15));

        // 40 common days, enough for the 16 blocks: the statistics are those of the excess matrix
        int n = 41;
        double[] e1 = new double[n];
        double[] e2 = new double[n];
        e1[0] = 100;
        e2[0] = 100;
        for (int t = 1; t < n; t++) {
            e1[t] = e1[t - 1] * (1 + 0.002 * Math.sin(t) + 0.0005);
            e2[t] = e2[t - 1] * (1 + 0.003 * Math.cos(1.7 * t) + 0.0002);
        }
        List<ReportEntry> sweep = List.of(entry("x", 0.05, days(n), e1), entry("y", 0.05, days(n), e2));
        SweepStatistics s = SweepStatistics.of("^SPX", sweep);
        assertThat(s.skipped()).isNull();
        assertThat(s.days()).isEqualTo(40);
        SharpeStatistics.Deflated expected = SharpeStatistics.deflatedSharpe(SweepStatistics.returns(sweep));
        assertThat(s.deflated().deflatedSharpe()).isEqualTo(expected.deflatedSharpe());
        // and not those of the raw returns: 5% a year moves every Sharpe ratio
        double[][] raw = SweepStatistics.returns(List.of(entry("x", 0, days(n), e1), entry("y", 0, days(n), e2)));
        assertThat(s.deflated().bestSharpe())
                .isNotCloseTo(SharpeStatistics.deflatedSharpe(raw).bestSharpe(), within(1e-6));
    }
}
