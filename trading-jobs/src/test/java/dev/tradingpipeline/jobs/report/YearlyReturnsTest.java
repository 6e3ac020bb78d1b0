package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class YearlyReturnsTest {

    /**
     * Starting capital 1,000; the benchmark (scaled to it) starts on the second day:
     * <pre>
     *   2023-12-28  1,010     -      peak 1,010
     *   2023-12-29    990  1,000     drawdown 990 / 1,010 - 1 = -1.9802 %
     *   2024-01-02  1,039.5  1,020   peak 1,039.5
     *   2024-01-03  1,029.105 1,050  drawdown 1,029.105 / 1,039.5 - 1 = -1 %
     * </pre>
     * 2023: 990 / 1,000 - 1 = -1 %; benchmark 1,000 / 1,000 - 1 = 0 %; excess -1 %; deepest -1.9802 %; 2 days.
     * 2024: 1,029.105 / 990 - 1 = 3.95 %; benchmark 1,050 / 1,000 - 1 = 5 %; excess -1.05 %; deepest -1 %.
     */
    @Test
    void yearsByHand() {
        List<DailyRow> daily = ReportFixtures.daily(1000, List.of(LocalDate.of(2023, 12, 28), LocalDate.of(2023, 12, 29),
                LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3)), new double[] {1010, 990, 1039.5, 1029.105});
        List<YearlyReturns> years = YearlyReturns.of(daily, Arrays.asList(null, 1000.0, 1020.0, 1050.0));
        assertThat(years).extracting(YearlyReturns::year).containsExactly(2023, 2024);
        assertYear(years.get(0), -0.01, 0.0, -0.01, 990 / 1010.0 - 1, 2);
        assertYear(years.get(1), 0.0395, 0.05, -0.0105, -0.01, 2);
        // the strategy's column is the monthly heat map's year column
        assertThat(MonthlyReturns.of(daily).years().get(2024)).isCloseTo(years.get(1).strategyReturn(), within(1e-12));
    }

    @Test
    void withoutABenchmarkValueTheColumnIsUndefined() {
        List<DailyRow> daily = ReportFixtures.daily(1000, List.of(LocalDate.of(2023, 12, 28), LocalDate.of(2024, 1, 2)),
                new double[] {1010, 1020});
        List<YearlyReturns> none = YearlyReturns.of(daily, List.of());
        assertThat(none).allSatisfy(y -> assertThat(y.benchmarkReturn()).isNaN());
        // a benchmark that starts in 2024: nothing in 2023, and 2024 over the starting capital
        List<YearlyReturns> late = YearlyReturns.of(daily, Arrays.asList(null, 1030.0));
        assertThat(late.get(0).benchmarkReturn()).isNaN();
        assertThat(late.get(1).benchmarkReturn()).isCloseTo(0.03, within(1e-12));
    }

    private static void assertYear(YearlyReturns y, double strategy, double benchmark, double excess, double deepest,
            int days) {
        assertThat(y.strategyReturn()).isCloseTo(strategy, within(1e-12));
        assertThat(y.benchmarkReturn()).isCloseTo(benchmark, within(1e-12));
        assertThat(y.excess()).isCloseTo(excess, within(1e-12));
        assertThat(y.deepestDrawdown()).isCloseTo(deepest, within(1e-12));
        assertThat(y.days()).isEqualTo(days);
    }
}
