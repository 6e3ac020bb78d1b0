package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.engine.Metrics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingStatisticsTest {

    /**
     * Window 3 over returns 1 %, -1 %, 2 %, 0 %:
     * <pre>
     *   days 1-3: mean 1/150, deviations 1/300, -1/60, 1/75: squares sum 7/15000, sample sd sqrt(7/30000) = 0.0152753
     *   days 2-4: mean 1/300, deviations -1/75, 1/60, -1/300: the same squares, the same sd
     *   volatility both days: 0.0152753 x sqrt(252) = 0.2424871
     *   Sharpe, cash 0:         (1/150) / 0.0152753 x sqrt(252) = 6.9282032 and (1/300) / ... = 3.4641016
     *   Sharpe, cash 2.52 %:    daily 0.0001 off the mean of days 2-4: 3.3601786
     * </pre>
     */
    @Test
    void aSmallWindowByHand() {
        double[] returns = {0.01, -0.01, 0.02, 0};
        double[] vol = RollingStatistics.volatility(returns, 3);
        assertThat(vol[0]).isNaN();
        assertThat(vol[1]).isNaN();
        assertThat(vol[2]).isCloseTo(0.2424871131, within(1e-9));
        assertThat(vol[3]).isCloseTo(0.2424871131, within(1e-9));
        double[] sharpe = RollingStatistics.sharpe(returns, 3, 0);
        assertThat(sharpe[2]).isCloseTo(6.9282032303, within(1e-9));
        assertThat(sharpe[3]).isCloseTo(3.4641016151, within(1e-9));
        assertThat(RollingStatistics.sharpe(returns, 3, 0.0252)[3]).isCloseTo(3.3601785667, within(1e-9));
    }

    /**
     * Each day's 63-day figures equal the summary's Sharpe ratio and volatility of the 63 days up
     * to it: Metrics computed over that slice of equity, from the equity of the day before it.
     */
    @Test
    void eachDayIsTheSummaryOfItsWindow() {
        Random random = new Random(3);
        double initial = 100_000;
        double[] equity = ReportFixtures.randomEquity(initial, 200, 0.0004, 0.012, random);
        double cashRate = 0.05;
        double[] returns = DailyReturns.of(ReportFixtures.daily(initial, ReportFixtures.weekdays(
                java.time.LocalDate.of(2024, 1, 1), equity.length), equity));
        int w = RollingStatistics.WINDOW;
        double[] sharpe = RollingStatistics.sharpe(returns, w, cashRate);
        double[] vol = RollingStatistics.volatility(returns, w);
        for (int i = 0; i < equity.length; i++) {
            if (i < w - 1) {
                assertThat(sharpe[i]).isNaN();
                assertThat(vol[i]).isNaN();
                continue;
            }
            double before = i - w < 0 ? initial : equity[i - w];
            SimulationSummary s = Metrics.summarize(before, Arrays.copyOfRange(equity, i - w + 1, i + 1), new double[0],
                    new double[0], cashRate);
            assertThat(sharpe[i]).as("Sharpe on day %d", i).isCloseTo(s.sharpe(), within(1e-9));
            assertThat(vol[i]).as("volatility on day %d", i).isCloseTo(s.volatility(), within(1e-12));
        }
    }

    @Test
    void aFlatWindowHasNoSharpeRatio() {
        double[] flat = new double[70];
        Arrays.fill(flat, 0.04 / 252); // cash only: the same return every day
        assertThat(Arrays.stream(RollingStatistics.sharpe(flat, 63, 0.04)).boxed()).allSatisfy(v -> assertThat(v).isNaN());
        assertThat(RollingStatistics.volatility(flat, 63)[69]).isCloseTo(0.0, within(1e-12));
    }
}
