package dev.tradingpipeline.jobs.statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation (CSCV):
 * D. H. Bailey, J. M. Borwein, M. López de Prado and Q. J. Zhu, "The Probability of Backtest
 * Overfitting", Journal of Computational Finance 20(4), 2017 (working paper 2015).
 *
 * <p>The T × N matrix of returns (T observations, N trials, here one series per trial) is cut in time
 * order into S equal blocks of ⌊T/S⌋ observations (the T mod S oldest observations are left out). For
 * each of the C(S, S/2) ways to choose S/2 blocks as the in-sample set J (the other S/2 are the
 * out-of-sample set J̄, both kept in time order):
 * <ol>
 *   <li>n* = the trial with the best in-sample performance (Sharpe by default; the first on a tie);</li>
 *   <li>ω = r / (N + 1), with r the rank (1 = worst, N = best; ties share their average rank) of n*'s
 *       out-of-sample performance among the N trials' out-of-sample performances;</li>
 *   <li>λ = ln(ω / (1 − ω)), the logit: λ ≤ 0 when the in-sample best is at or below the out-of-sample
 *       median.</li>
 * </ol>
 * PBO = #{λ ≤ 0} / C(S, S/2): the probability that the configuration selected in-sample underperforms
 * the median out-of-sample. A PBO near 0.5 or above says the selection picks noise.
 *
 * <p>With the default Sharpe metric, mean / sample standard deviation is computed from per-block sums,
 * so a split costs O(N·S) rather than O(N·T). A constant series (zero variance) ranks as Sharpe 0 when
 * its mean is 0 and as ±∞ otherwise, so that a combination that never trades sits between losers and
 * winners.
 */
public final class BacktestOverfitting {

    /** The block count the paper uses. */
    public static final int DEFAULT_BLOCKS = 16;
    /** C(24, 12) = 2,704,156 splits; beyond that the count grows too fast to be a report statistic. */
    public static final int MAX_BLOCKS = 24;

    private BacktestOverfitting() {
    }

    /**
     * @param pbo fraction of the splits whose logit is at most 0
     * @param combinations C(S, S/2), the number of splits evaluated
     * @param trials N
     * @param blocks S
     * @param observationsUsed S·⌊T/S⌋
     * @param logits λ of each split, in the order the splits were enumerated
     * @param inSampleBest the selected trial's in-sample performance, per split
     * @param outOfSampleOfBest the same trial's out-of-sample performance, per split
     */
    public record Result(double pbo, int combinations, int trials, int blocks, int observationsUsed,
            double[] logits, double[] inSampleBest, double[] outOfSampleOfBest) {
    }

    /** PBO with {@value #DEFAULT_BLOCKS} blocks and the Sharpe ratio as performance. */
    public static Result probability(double[][] trialReturns) {
        return probability(trialReturns, DEFAULT_BLOCKS);
    }

    /**
     * PBO with the Sharpe ratio as performance.
     *
     * @param trialReturns one return series per trial (sweep combination), all of the same length T
     * @param blocks S, even, 2 to {@value #MAX_BLOCKS}, at most T
     */
    public static Result probability(double[][] trialReturns, int blocks) {
        int rows = validate(trialReturns, blocks);
        int n = trialReturns.length;
        int size = rows / blocks;
        int skip = rows - size * blocks;
        // per trial and block: count, sum and sum of squares of (r - shift), shift = the trial's mean,
        // which keeps the variance from per-block sums free of cancellation
        double[][] sums = new double[n][blocks];
        double[][] squares = new double[n][blocks];
        double[] shift = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = trialReturns[i];
            double total = 0;
            for (int t = skip; t < rows; t++) {
                total += r[t];
            }
            shift[i] = total / (rows - skip);
            for (int t = skip; t < rows; t++) {
                int b = (t - skip) / size;
                double d = r[t] - shift[i];
                sums[i][b] += d;
                squares[i][b] += d * d;
            }
        }
        int half = blocks / 2;
        int count = half * size;
        return crossValidate(n, blocks, rows - skip, inSample -> {
            double[] is = new double[n];
            double[] oos = new double[n];
            for (int i = 0; i < n; i++) {
                double sIn = 0;
                double qIn = 0;
                double sOut = 0;
                double qOut = 0;
                for (int b = 0; b < blocks; b++) {
                    if (inSample[b]) {
                        sIn += sums[i][b];
                        qIn += squares[i][b];
                    } else {
                        sOut += sums[i][b];
                        qOut += squares[i][b];
                    }
                }
                is[i] = sharpe(shift[i], sIn, qIn, count);
                oos[i] = sharpe(shift[i], sOut, qOut, count);
            }
            return new double[][] {is, oos};
        });
    }

    /**
     * PBO with any performance metric of a return series (higher is better; NaN ranks lowest). Slower
     * than the Sharpe overload: the metric sees each half as one array, T/2 values per trial and split.
     */
    public static Result probability(double[][] trialReturns, int blocks, ToDoubleFunction<double[]> performance) {
        int rows = validate(trialReturns, blocks);
        int n = trialReturns.length;
        int size = rows / blocks;
        int skip = rows - size * blocks;
        int half = blocks / 2;
        return crossValidate(n, blocks, rows - skip, inSample -> {
            double[] is = new double[n];
            double[] oos = new double[n];
            double[] in = new double[half * size];
            double[] out = new double[half * size];
            for (int i = 0; i < n; i++) {
                int a = 0;
                int o = 0;
                for (int b = 0; b < blocks; b++) {
                    int from = skip + b * size;
                    if (inSample[b]) {
                        System.arraycopy(trialReturns[i], from, in, a, size);
                        a += size;
                    } else {
                        System.arraycopy(trialReturns[i], from, out, o, size);
                        o += size;
                    }
                }
                is[i] = performance.applyAsDouble(in);
                oos[i] = performance.applyAsDouble(out);
            }
            return new double[][] {is, oos};
        });
    }

    private interface Split {
        /** @return {in-sample performance per trial, out-of-sample performance per trial} */
        double[][] evaluate(boolean[] inSample);
    }

    private static Result crossValidate(int n, int blocks, int used, Split split) {
        List<boolean[]> splits = new ArrayList<>();
        choose(new boolean[blocks], 0, blocks / 2, splits);
        int c = splits.size();
        double[] logits = new double[c];
        double[] isBest = new double[c];
        double[] oosBest = new double[c];
        int overfit = 0;
        for (int k = 0; k < c; k++) {
            double[][] perf = split.evaluate(splits.get(k));
            double[] is = lowestIfNaN(perf[0]);
            double[] oos = lowestIfNaN(perf[1]);
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (is[i] > is[best]) {
                    best = i;
                }
            }
            double rank = averageRank(oos, oos[best]);
            double omega = rank / (n + 1);
            logits[k] = Math.log(omega / (1 - omega));
            isBest[k] = is[best];
            oosBest[k] = oos[best];
            if (logits[k] <= 0) {
                overfit++;
            }
        }
        return new Result((double) overfit / c, c, n, blocks, used, logits, isBest, oosBest);
    }

    /** Every way to mark {@code remaining} of the blocks from {@code from} on as in-sample, in lexicographic order. */
    private static void choose(boolean[] current, int from, int remaining, List<boolean[]> out) {
        if (remaining == 0) {
            out.add(current.clone());
            return;
        }
        for (int b = from; b <= current.length - remaining; b++) {
            current[b] = true;
            choose(current, b + 1, remaining - 1, out);
            current[b] = false;
        }
    }

    private static double[] lowestIfNaN(double[] performance) {
        for (int i = 0; i < performance.length; i++) {
            if (Double.isNaN(performance[i])) {
                performance[i] = Double.NEGATIVE_INFINITY;
            }
        }
        return performance;
    }

    /** Rank of {@code value} among {@code values}, 1 = lowest, ties sharing their average rank. */
    static double averageRank(double[] values, double value) {
        int below = 0;
        int equal = 0;
        for (double v : values) {
            if (v < value) {
                below++;
            } else if (v == value) {
                equal++;
            }
        }
        return below + (equal + 1) / 2.0;
    }

    /** Sharpe from shifted sums: mean = shift + s/n, variance = (q − s²/n)/(n − 1). */
    private static double sharpe(double shift, double s, double q, int n) {
        double mean = shift + s / n;
        double deviations = q - s * s / n;
        if (deviations <= 1e-12 * q) {
            // a constant half: what is left of q - s²/n is rounding
            return Math.abs(mean) <= 1e-9 * Math.abs(shift) ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
        }
        return mean / Math.sqrt(deviations / (n - 1));
    }

    private static int validate(double[][] trialReturns, int blocks) {
        List<String> problems = new ArrayList<>();
        int n = trialReturns.length;
        if (n < 2) {
            problems.add("PBO needs at least 2 trials, got " + n);
        }
        int rows = n == 0 ? 0 : trialReturns[0].length;
        for (int i = 0; i < n; i++) {
            if (trialReturns[i].length != rows) {
                problems.add("trial " + i + " has " + trialReturns[i].length + " returns, trial 0 has " + rows
                        + ": all trials must cover the same observations");
                continue;
            }
            for (int t = 0; t < rows; t++) {
                if (!Double.isFinite(trialReturns[i][t])) {
                    problems.add("trial " + i + " return " + t + " is not finite: " + trialReturns[i][t]);
                    break;
                }
            }
        }
        if (blocks < 2 || blocks % 2 != 0 || blocks > MAX_BLOCKS) {
            problems.add("the number of blocks S must be even and between 2 and " + MAX_BLOCKS + ", got " + blocks);
        } else if (blocks > rows) {
            problems.add("the number of blocks S (" + blocks + ") exceeds the observations T (" + rows + ")");
        } else if (rows / blocks * (blocks / 2) < 2) {
            problems.add("each half of " + rows + " observations in " + blocks
                    + " blocks has fewer than 2 observations: a Sharpe ratio needs 2");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return rows;
    }
}
