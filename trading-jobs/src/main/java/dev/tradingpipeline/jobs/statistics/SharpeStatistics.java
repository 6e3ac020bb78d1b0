package dev.tradingpipeline.jobs.statistics;

/**
 * The probabilistic and deflated Sharpe ratios, on per-observation (daily, not annualised) returns.
 *
 * <p>All Sharpe ratios here are per observation: SR = mean / sample standard deviation (n − 1), as in
 * {@code strategy.Metrics} before its √252; pass excess returns if a risk-free rate is to be removed.
 * An annualised Sharpe converts with {@code SR / sqrt(252)}, an annualised Sharpe variance with
 * {@code V / 252}. Skewness γ3 and kurtosis γ4 (not excess: 3 for a normal) are the population moments
 * m3 / m2^(3/2) and m4 / m2².
 *
 * <p><b>Probabilistic Sharpe ratio</b> (D. H. Bailey and M. López de Prado, "The Sharpe Ratio Efficient
 * Frontier", Journal of Risk 15(2), 2012): the probability that the true Sharpe exceeds a benchmark SR*,
 * given n observations of skewness γ3 and kurtosis γ4:
 * <pre>
 *   PSR(SR*) = Φ( (SR − SR*) · √(n − 1) / √(1 − γ3·SR + (γ4 − 1)/4 · SR²) )
 * </pre>
 *
 * <p><b>Deflated Sharpe ratio</b> (Bailey and López de Prado, "The Deflated Sharpe Ratio: Correcting for
 * Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5), 2014):
 * the best of N trials is judged against the Sharpe its maximum would reach by luck alone,
 * <pre>
 *   SR0 = √V[SR_n] · ( (1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)) )      γ = 0.5772… (Euler–Mascheroni)
 *   DSR = PSR(SR0)  of the selected trial (its own n, γ3, γ4)
 * </pre>
 * where V[SR_n] is the variance of the N trials' Sharpe ratios.
 */
public final class SharpeStatistics {

    /** The Euler–Mascheroni constant γ. */
    public static final double EULER_MASCHERONI = 0.5772156649015329;

    private SharpeStatistics() {
    }

    /**
     * The moments of one return series that PSR needs.
     *
     * @param stdev the sample standard deviation (divisor n - 1); 0 when the series is constant
     */
    public record Moments(int n, double mean, double stdev, double sharpe, double skewness, double kurtosis) {
    }

    /**
     * @return n, mean, sample standard deviation, Sharpe (mean / sample standard deviation; NaN when
     *     the series is constant), skewness and kurtosis (central moments with divisor n: m3 / m2^1.5
     *     and m4 / m2^2; NaN when constant)
     * @throws IllegalArgumentException below two observations or on a non-finite value
     */
    public static Moments moments(double[] returns) {
        int n = returns.length;
        if (n < 2) {
            throw new IllegalArgumentException("a Sharpe ratio needs at least 2 returns, got " + n);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(returns[i])) {
                throw new IllegalArgumentException("return " + i + " is not finite: " + returns[i]);
            }
            sum += returns[i];
        }
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double r : returns) {
            double d = r - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        if (m2 == 0) {
            return new Moments(n, mean, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = Math.sqrt(m2 / (n - 1));
        m2 /= n;
        m3 /= n;
        m4 /= n;
        return new Moments(n, mean, sd, mean / sd, m3 / Math.pow(m2, 1.5), m4 / (m2 * m2));
    }

    /** The per-observation Sharpe ratio of a series (NaN when it is constant). */
    public static double sharpe(double[] returns) {
        return moments(returns).sharpe();
    }

    /**
     * PSR(SR*) from summary numbers.
     *
     * @param sharpe the observed per-observation Sharpe SR
     * @param benchmark SR*, per observation
     * @param n number of observations (at least 2)
     * @param skewness γ3
     * @param kurtosis γ4, not excess (3 for a normal)
     */
    public static double probabilisticSharpe(double sharpe, double benchmark, long n, double skewness,
            double kurtosis) {
        if (n < 2) {
            throw new IllegalArgumentException("PSR needs at least 2 observations, got " + n);
        }
        if (Double.isNaN(sharpe)) {
            return Double.NaN;
        }
        double variance = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
        if (!(variance > 0)) {
            // only reachable with moments no sample can have (γ4 < 1 + γ3²) or a huge SR with strong skew
            throw new IllegalArgumentException("1 - skewness*SR + (kurtosis-1)/4*SR^2 must be positive, got "
                    + variance + " (SR " + sharpe + ", skewness " + skewness + ", kurtosis " + kurtosis + ")");
        }
        return Normal.cdf((sharpe - benchmark) * Math.sqrt(n - 1) / Math.sqrt(variance));
    }

    /** PSR(SR*) of a return series; NaN when the series is constant. */
    public static double probabilisticSharpe(double[] returns, double benchmark) {
        Moments m = moments(returns);
        return probabilisticSharpe(m.sharpe(), benchmark, m.n(), m.skewness(), m.kurtosis());
    }

    /**
     * SR0: the expected maximum of N Sharpe ratios whose true value is 0 and whose estimates vary with
     * variance V[SR_n], (1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)) standard deviations.
     *
     * @param sharpeVariance V[SR_n] across the trials, per observation (an annualised variance / 252)
     * @param trials N, at least 2
     */
    public static double expectedMaximumSharpe(double sharpeVariance, long trials) {
        if (trials < 2) {
            throw new IllegalArgumentException("the expected maximum Sharpe needs at least 2 trials, got " + trials);
        }
        if (!(sharpeVariance >= 0) || Double.isInfinite(sharpeVariance)) {
            throw new IllegalArgumentException("the variance of the trials' Sharpe ratios must be finite and >= 0, got "
                    + sharpeVariance);
        }
        double z = (1 - EULER_MASCHERONI) * Normal.inverseCdf(1 - 1.0 / trials)
                + EULER_MASCHERONI * Normal.inverseCdf(1 - 1.0 / (trials * Math.E));
        return Math.sqrt(sharpeVariance) * z;
    }

    /**
     * DSR = PSR(SR0) of the selected trial.
     *
     * @param sharpe the selected trial's per-observation Sharpe
     * @param n its number of observations
     * @param skewness its γ3
     * @param kurtosis its γ4 (not excess)
     * @param sharpeVariance V[SR_n] across the trials, per observation
     * @param trials N, the number of trials the selection was made from
     */
    public static double deflatedSharpe(double sharpe, long n, double skewness, double kurtosis,
            double sharpeVariance, long trials) {
        return probabilisticSharpe(sharpe, expectedMaximumSharpe(sharpeVariance, trials), n, skewness, kurtosis);
    }

    /**
     * The deflated Sharpe of a sweep's best trial.
     *
     * @param best index of the trial with the highest Sharpe
     * @param trials N, every series given (constant ones included: they were tried)
     * @param sharpeVariance sample variance (N − 1) of the non-NaN Sharpe ratios
     * @param expectedMaximum SR0
     * @param sharpes each trial's per-observation Sharpe (NaN for a constant series)
     * @param probabilistic each trial's PSR(0)
     */
    public record Deflated(int best, int trials, double bestSharpe, double sharpeVariance, double expectedMaximum,
            double deflatedSharpe, double[] sharpes, double[] probabilistic) {
    }

    /**
     * PSR(0) of every trial and the DSR of the best, from one return series per trial (per sweep
     * combination). A constant series (a combination that never traded) has a NaN Sharpe and PSR: it
     * counts in N but not in V[SR_n] nor in the choice of the best.
     *
     * @throws IllegalArgumentException below 2 trials, below 2 trials with a Sharpe, or on a series
     *     {@link #moments} rejects
     */
    public static Deflated deflatedSharpe(double[][] trialReturns) {
        int trials = trialReturns.length;
        if (trials < 2) {
            throw new IllegalArgumentException("a deflated Sharpe needs at least 2 trials, got " + trials);
        }
        Moments[] moments = new Moments[trials];
        double[] sharpes = new double[trials];
        double[] psr = new double[trials];
        int best = -1;
        int defined = 0;
        double sum = 0;
        for (int i = 0; i < trials; i++) {
            try {
                moments[i] = moments(trialReturns[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trial " + i + ": " + e.getMessage(), e);
            }
            sharpes[i] = moments[i].sharpe();
            psr[i] = probabilisticSharpe(sharpes[i], 0, moments[i].n(), moments[i].skewness(), moments[i].kurtosis());
            if (!Double.isNaN(sharpes[i])) {
                defined++;
                sum += sharpes[i];
                if (best < 0 || sharpes[i] > sharpes[best]) {
                    best = i;
                }
            }
        }
        if (defined < 2) {
            throw new IllegalArgumentException("a deflated Sharpe needs at least 2 trials with a Sharpe ratio (not "
                    + "constant), got " + defined + " of " + trials);
        }
        double mean = sum / defined;
        double squares = 0;
        for (double sr : sharpes) {
            if (!Double.isNaN(sr)) {
                squares += (sr - mean) * (sr - mean);
            }
        }
        double variance = squares / (defined - 1);
        double sr0 = expectedMaximumSharpe(variance, trials);
        Moments b = moments[best];
        double dsr = probabilisticSharpe(b.sharpe(), sr0, b.n(), b.skewness(), b.kurtosis());
        return new Deflated(best, trials, b.sharpe(), variance, sr0, dsr, sharpes, psr);
    }
}
