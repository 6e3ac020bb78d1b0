package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final double SQRT_252 = Math.sqrt(252); // 15.8745079

    /**
     * Equity 100 -> 110 -> 99 -> 121, cash at 2.52 %/yr (0.0001 a day).
     * Daily returns: +0.10, -0.10 (99/110 - 1), +2/9 (121/99 - 1 = 0.2222222).
     */
    @Test
    void smallEquitySeriesByHand() {
        SimulationSummary s = Metrics.summarize(100, new double[] {110, 99, 121}, new double[0],
                new double[] {100, -50, 30, -10}, 0.0252);

        // total: 121 / 100 - 1
        assertThat(s.totalReturn()).isCloseTo(0.21, within(1e-12));
        // CAGR: 1.21^(252 / 3) - 1 = 1.1^168 - 1 (three days annualised: absurd but exact)
        assertThat(s.cagr()).isCloseTo(Math.pow(1.1, 168) - 1, within(Math.pow(1.1, 168) * 1e-9));
        // mean = (0.1 - 0.1 + 2/9) / 3 = 2/27 = 0.0740741
        // deviations in 27ths: 0.7, -4.7, 4 -> squares (0.49 + 22.09 + 16) / 729 = 0.0529218
        // sample variance 0.0529218 / 2 = 0.0264609, sd 0.1626681; x sqrt(252) = 2.582276
        assertThat(s.volatility()).isCloseTo(2.582276, within(1e-6));
        // excess mean 2/27 - 0.0001 = 0.0739741, same sd: 0.0739741 / 0.1626681 x 15.8745 = 7.219007
        assertThat(s.sharpe()).isCloseTo(7.219007, within(1e-5));
        // downside: only -0.1001; sqrt(0.01002001 / 3) = 0.0577928; 0.0739741 / 0.0577928 x 15.8745 = 20.31919
        assertThat(s.sortino()).isCloseTo(20.31919, within(1e-4));
        // peak 110 then 99: 99 / 110 - 1
        assertThat(s.maxDrawdown()).isCloseTo(-0.10, within(1e-12));
        assertThat(s.calmar()).isCloseTo(s.cagr() / 0.10, within(s.cagr() * 1e-9));
        // trades +100, -50, +30, -10: 2 wins of 4; profit 130 / loss 60; mean 70 / 4
        assertThat(s.winRate()).isEqualTo(0.5);
        assertThat(s.profitFactor()).isCloseTo(130.0 / 60.0, within(1e-12));
        assertThat(s.tradeCount()).isEqualTo(4);
        assertThat(s.averageTrade()).isCloseTo(17.5, within(1e-12));
    }

    /** Two years (504 days) from 100 to 110: CAGR = 1.1^(252/504) - 1 = sqrt(1.1) - 1 = 0.0488088. */
    @Test
    void cagrAnnualisesOverTradingDays() {
        double[] equity = new double[504];
        for (int i = 0; i < equity.length; i++) {
            equity[i] = 100 + 10.0 * (i + 1) / equity.length;
        }
        SimulationSummary s = Metrics.summarize(100, equity, new double[0], new double[0], 0);
        assertThat(s.cagr()).isCloseTo(Math.sqrt(1.1) - 1, within(1e-12));
        assertThat(s.maxDrawdown()).isZero();
        assertThat(s.calmar()).isNaN();
        assertThat(s.tradeCount()).isZero();
        assertThat(s.winRate()).isNaN();
    }

    /**
     * 100 -> 50 -> -10 -> 20: the series ends at -10 (ruin); no return is taken from -10.
     * Returns -0.5 and -10 / 50 - 1 = -1.2: mean -0.85, sample sd sqrt(2 x 0.35^2) = 0.4949747,
     * x sqrt(252) = 7.857493. Total -10 / 100 - 1 = -1.1, CAGR -1.
     */
    @Test
    void theSeriesEndsAtTheFirstNonPositiveEquity() {
        SimulationSummary s = Metrics.summarize(100, new double[] {50, -10, 20}, new double[] {0, 0, 0}, new double[0], 0);
        assertThat(s.totalReturn()).isCloseTo(-1.1, within(1e-12));
        assertThat(s.cagr()).isEqualTo(-1.0);
        assertThat(s.volatility()).isCloseTo(0.4949747 * SQRT_252, within(1e-5));
        assertThat(s.maxDrawdown()).isCloseTo(-1.1, within(1e-12));
    }

    @Test
    void profitFactorIsInfiniteWithoutLosers() {
        SimulationSummary s = Metrics.summarize(100, new double[] {101, 102}, new double[0], new double[] {1, 1}, 0);
        assertThat(s.profitFactor()).isInfinite();
        assertThat(Metrics.summarize(100, List.of(101.0, 102.0), 0).totalReturn()).isCloseTo(0.02, within(1e-12));
    }
}
