package dev.tradingpipeline.jobs.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BacktestOverfittingTest {

    /*
     * T = 4, S = 4 (one observation a block), N = 3. Each half holds two values x, y, whose Sharpe is
     * ((x+y)/2) / (|x-y|/√2) = (x+y) / (√2·|x-y|); below, k = (x+y)/|x-y| (the common 1/√2 does not rank).
     *   A = 1, 3, 2, -1    B = 2, 1, -1, 3    C = 3, 2, 4, 1
     * in-sample  k(A, B, C)     best   out-of-sample k(A, B, C)   rank of best   ω     λ
     * {0,1}      2, 3, 5        C      {2,3}: 1/3, 1/2, 5/3        3              3/4   ln 3
     * {0,2}      3, 1/3, 7      C      {1,3}: 1/2, 2, 3            3              3/4   ln 3
     * {0,3}      0, 5, 2        B      {1,2}: 5, 0, 3              1              1/4   -ln 3
     * {1,2}      5, 0, 3        A      {0,3}: 0, 5, 2              1              1/4   -ln 3
     * {1,3}      1/2, 2, 3      C      {0,2}: 3, 1/3, 7            3              3/4   ln 3
     * {2,3}      1/3, 1/2, 5/3  C      {0,1}: 2, 3, 5              3              3/4   ln 3
     * PBO = 2 / 6 = 1/3.
     */
    @Test
    void everySplitOfASmallCaseComputedByHand() {
        double[][] trials = {{1, 3, 2, -1}, {2, 1, -1, 3}, {3, 2, 4, 1}};
        BacktestOverfitting.Result r = BacktestOverfitting.probability(trials, 4);
        double ln3 = Math.log(3);
        assertThat(r.combinations()).isEqualTo(6);
        assertThat(r.trials()).isEqualTo(3);
        assertThat(r.blocks()).isEqualTo(4);
        assertThat(r.observationsUsed()).isEqualTo(4);
        assertThat(r.logits()).containsExactly(new double[] {ln3, ln3, -ln3, -ln3, ln3, ln3}, within(1e-12));
        assertThat(r.pbo()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(r.inSampleBest()[0]).isCloseTo(5 / Math.sqrt(2), within(1e-12));
        assertThat(r.outOfSampleOfBest()[0]).isCloseTo(5.0 / 3 / Math.sqrt(2), within(1e-12));
        assertThat(r.outOfSampleOfBest()[3]).isCloseTo(0, within(1e-12));
    }

    /*
     * Two identical trials: the in-sample tie goes to the first, out-of-sample both share rank
     * (1 + 2) / 2 = 1.5, ω = 1.5 / 3 = 1/2, λ = 0 ≤ 0 in every split: PBO = 1. The leading T mod S
     * observation (index 0, a huge value that would dominate every Sharpe) is left out.
     */
    @Test
    void tiesShareTheirAverageRankAndTheOldestRemainderIsLeftOut() {
        double[] series = {1000, 1, 3, 2, -1};
        BacktestOverfitting.Result r = BacktestOverfitting.probability(new double[][] {series, series.clone()}, 4);
        assertThat(r.observationsUsed()).isEqualTo(4);
        assertThat(r.logits()).containsOnly(0.0);
        assertThat(r.pbo()).isEqualTo(1.0);
        // in-sample {0,1} = returns 1, 3: Sharpe 4 / (√2·2)
        assertThat(r.inSampleBest()[0]).isCloseTo(2 / Math.sqrt(2), within(1e-12));
    }

    private static double[][] noise(int trials, int days, long seed) {
        Random random = new Random(seed);
        double[][] returns = new double[trials][days];
        for (double[] series : returns) {
            for (int t = 0; t < days; t++) {
                series[t] = 0.01 * random.nextGaussian();
            }
        }
        return returns;
    }

    /** Selecting among pure noise is a coin flip: the in-sample best is as likely below the median as above. */
    @Test
    void pureNoiseOverfitsAboutHalfTheTime() {
        BacktestOverfitting.Result r = BacktestOverfitting.probability(noise(50, 256, 17), 16);
        assertThat(r.combinations()).isEqualTo(12870);
        // 0.6156 with this seed (7,923 of the 12,870 splits)
        assertThat(r.pbo()).isBetween(0.35, 0.65);
    }

    /** One trial earns 1% a day (sd 1%) in every block: it wins every in-sample half and every out-of-sample half. */
    @Test
    void aRealEdgeIsNotOverfit() {
        double[][] returns = noise(20, 256, 5);
        for (int t = 0; t < 256; t++) {
            returns[7][t] += 0.01;
        }
        BacktestOverfitting.Result r = BacktestOverfitting.probability(returns);
        assertThat(r.blocks()).isEqualTo(16);
        assertThat(r.pbo()).isLessThan(0.1);
        // N = 20: the top rank gives ω = 20/21, λ = ln 20, the largest possible: every split reaches it
        assertThat(Arrays.stream(r.logits()).min().getAsDouble()).isCloseTo(Math.log(20), within(1e-12));
    }

    /** The per-block sums give the Sharpe of each half exactly as computing it from the half's returns. */
    @Test
    void sharpeFromBlockSumsAgreesWithTheSharpeOfEachHalf() {
        double[][] returns = noise(12, 101, 3);
        BacktestOverfitting.Result fast = BacktestOverfitting.probability(returns, 8);
        BacktestOverfitting.Result direct = BacktestOverfitting.probability(returns, 8, SharpeStatistics::sharpe);
        assertThat(fast.combinations()).isEqualTo(70);
        assertThat(fast.logits()).containsExactly(direct.logits(), within(1e-12));
        assertThat(fast.inSampleBest()).containsExactly(direct.inSampleBest(), within(1e-12));
        assertThat(fast.outOfSampleOfBest()).containsExactly(direct.outOfSampleOfBest(), within(1e-12));
        assertThat(fast.pbo()).isEqualTo(direct.pbo());
    }

    @Test
    void aTrialThatNeverTradesRanksAsSharpeZero() {
        // trial 1 is flat: Sharpe 0 in every half, above trial 0 (always losing), below trial 2 (always winning)
        double[][] returns = {{-1, -2, -1, -3}, {0, 0, 0, 0}, {1, 2, 1, 3}};
        BacktestOverfitting.Result r = BacktestOverfitting.probability(returns, 4);
        // the in-sample best (trial 2) is the out-of-sample best: λ = ln 3 (the largest for N = 3) in every split
        assertThat(Arrays.stream(r.logits()).min().getAsDouble()).isCloseTo(Math.log(3), within(1e-12));
        assertThat(r.pbo()).isZero();
    }

    @Test
    void rejectsInputsWithEveryProblemListed() {
        assertThatThrownBy(() -> BacktestOverfitting.probability(new double[][] {{1, 2, 3, 4}}, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 trials, got 1");
        assertThatThrownBy(() -> BacktestOverfitting.probability(new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4}}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be even");
        assertThatThrownBy(() -> BacktestOverfitting.probability(new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4}}, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(6) exceeds the observations T (4)");
        assertThatThrownBy(() -> BacktestOverfitting.probability(new double[][] {{1, 2, 3}, {1, 2, 3}}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 2 observations");
        assertThatThrownBy(() -> BacktestOverfitting.probability(new double[][] {{1, 2, 3, 4}, {1, 2, 3}}, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trial 1 has 3 returns, trial 0 has 4")
                .hasMessageContaining("between 2 and 24, got 30");
        assertThatThrownBy(() -> BacktestOverfitting.probability(new double[][] {{1, 2, 3, 4}, {1, Double.NaN, 3, 4}}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trial 1 return 1 is not finite");
    }
}
