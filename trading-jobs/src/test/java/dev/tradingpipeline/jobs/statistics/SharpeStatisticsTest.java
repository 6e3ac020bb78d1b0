package dev.tradingpipeline.jobs.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SharpeStatisticsTest {

    /*
     * Returns 10, -5, 20, 0, 15 (per mille): n = 5, mean 8.
     * Deviations 2, -13, 12, -8, 7: Σd² = 4+169+144+64+49 = 430, Σd³ = 8-2197+1728-512+343 = -630,
     * Σd⁴ = 16+28561+20736+4096+2401 = 55810.
     * Sample sd = √(430/4) = 10.36822, SR = 8 / 10.36822 = 0.7715885.
     * m2 = 86, m3 = -126, m4 = 11162: γ3 = -126 / 86^1.5 = -0.1579876, γ4 = 11162 / 86² = 1.5091942.
     * PSR(0) = Φ(0.7715885·√4 / √(1 + 0.1579876·0.7715885 + 0.5091942/4·0.7715885²))
     *        = Φ(1.5431770 / 1.0943895) = Φ(1.4100802) = 0.9207420
     * PSR(0.5) = Φ((0.7715885 - 0.5)·2 / 1.0943895) = Φ(0.4963288) = 0.6901688
     * (the same numbers from scipy.stats skew, kurtosis(fisher=False) and norm.cdf)
     */
    private static final double[] SMALL = {0.010, -0.005, 0.020, 0.000, 0.015};

    @Test
    void momentsOfASmallSeriesComputedByHand() {
        SharpeStatistics.Moments m = SharpeStatistics.moments(SMALL);
        assertThat(m.n()).isEqualTo(5);
        assertThat(m.mean()).isCloseTo(0.008, within(1e-15));
        assertThat(m.sharpe()).isCloseTo(0.7715885154726595, within(1e-12));
        assertThat(m.skewness()).isCloseTo(-0.157987551437596, within(1e-12));
        assertThat(m.kurtosis()).isCloseTo(1.5091941590048674, within(1e-12));
    }

    @Test
    void probabilisticSharpeOfASmallSeriesComputedByHand() {
        assertThat(SharpeStatistics.probabilisticSharpe(SMALL, 0)).isCloseTo(0.920742003883227, within(1e-12));
        assertThat(SharpeStatistics.probabilisticSharpe(SMALL, 0.5)).isCloseTo(0.6901687732174074, within(1e-12));
    }

    @Test
    void probabilisticSharpeOfNormalReturnsIsTheClassicZTest() {
        // γ3 = 0, γ4 = 3: PSR(0) = Φ(SR·√(n-1) / √(1 + SR²/2)); SR 0.1, n 101: Φ(1 / √1.005) = Φ(0.9975093) = 0.8407413
        assertThat(SharpeStatistics.probabilisticSharpe(0.1, 0, 101, 0, 3))
                .isCloseTo(Normal.cdf(1 / Math.sqrt(1.005)), within(1e-15))
                .isCloseTo(0.8407413, within(1e-7));
    }

    /*
     * The numerical example of Bailey and López de Prado (2014), "The Deflated Sharpe Ratio":
     * N = 100 trials, annualised V[SR_n] = 1/2, T = 1250 daily observations, selected SR annualised 2.5,
     * γ3 = -3, γ4 = 10; the paper converts with 250 days a year.
     *   V per day = 0.5 / 250 = 0.002, √V = 0.0447214
     *   Φ⁻¹(1 - 1/100) = 2.3263479, Φ⁻¹(1 - 1/(100e)) = 2.6802104
     *   SR0 = 0.0447214 · (0.4227843·2.3263479 + 0.5772157·2.6802104) = 0.0447214 · 2.5306 = 0.1132 (paper: 0.1132)
     *   SR = 2.5 / √250 = 0.1581139
     *   DSR = Φ((0.1581139 - 0.1132) · √1249 / √(1 + 3·0.1581139 + 9/4·0.1581139²))
     *       = Φ(0.0449419 · 35.341194 / 1.2371708) = Φ(1.2838) = 0.9004 (paper: 0.9004)
     */
    @Test
    void deflatedSharpeReproducesThePapersExample() {
        double sr0 = SharpeStatistics.expectedMaximumSharpe(0.5 / 250, 100);
        assertThat(sr0).isCloseTo(0.11317200186513214, within(1e-12));
        assertThat(sr0).isCloseTo(0.1132, within(5e-5));
        double dsr = SharpeStatistics.deflatedSharpe(2.5 / Math.sqrt(250), 1250, -3, 10, 0.5 / 250, 100);
        assertThat(dsr).isCloseTo(0.9003968344493903, within(1e-10));
        assertThat(dsr).isCloseTo(0.9004, within(5e-5));
    }

    @Test
    void deflatedSharpeOfTrialSeriesSelectsTheBestAndUsesTheSpreadOfTheirSharpes() {
        // three trials: SMALL, SMALL shifted down by 5‰ and a constant (never traded) series
        double[] lower = new double[SMALL.length];
        for (int i = 0; i < SMALL.length; i++) {
            lower[i] = SMALL[i] - 0.005;
        }
        double[][] trials = {lower, SMALL, new double[5]};
        SharpeStatistics.Deflated d = SharpeStatistics.deflatedSharpe(trials);
        // lower: mean 3, same sd 10.36822 → SR 0.2893457; SMALL 0.7715885
        // V = (0.7715885 - 0.2893457)² / 2 = 0.1162791 (sample variance of two values); N = 3 (the constant counts)
        double srLower = 0.003 / Math.sqrt(430e-6 / 4);
        double variance = Math.pow(0.7715885154726595 - srLower, 2) / 2;
        assertThat(d.best()).isEqualTo(1);
        assertThat(d.trials()).isEqualTo(3);
        assertThat(d.bestSharpe()).isCloseTo(0.7715885154726595, within(1e-12));
        assertThat(d.sharpes()[0]).isCloseTo(srLower, within(1e-12));
        assertThat(d.sharpes()[2]).isNaN();
        assertThat(d.probabilistic()[1]).isCloseTo(0.920742003883227, within(1e-12));
        assertThat(d.probabilistic()[2]).isNaN();
        assertThat(d.sharpeVariance()).isCloseTo(variance, within(1e-12));
        double sr0 = SharpeStatistics.expectedMaximumSharpe(variance, 3);
        assertThat(d.expectedMaximum()).isCloseTo(sr0, within(1e-12));
        assertThat(d.deflatedSharpe()).isCloseTo(SharpeStatistics.probabilisticSharpe(SMALL, sr0), within(1e-10));
    }

    @Test
    void rejectsInputsItCannotJudge() {
        assertThatThrownBy(() -> SharpeStatistics.moments(new double[] {0.01}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 returns");
        assertThatThrownBy(() -> SharpeStatistics.moments(new double[] {0.01, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("return 1 is not finite");
        assertThatThrownBy(() -> SharpeStatistics.expectedMaximumSharpe(0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 trials");
        assertThatThrownBy(() -> SharpeStatistics.expectedMaximumSharpe(-0.1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> SharpeStatistics.deflatedSharpe(new double[][] {SMALL}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 trials");
        assertThatThrownBy(() -> SharpeStatistics.deflatedSharpe(new double[][] {SMALL, {0.01}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trial 1: ");
        assertThatThrownBy(() -> SharpeStatistics.deflatedSharpe(new double[][] {SMALL, new double[3]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1 of 2");
        assertThatThrownBy(() -> SharpeStatistics.probabilisticSharpe(0.5, 0, 1, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 observations");
    }
}
