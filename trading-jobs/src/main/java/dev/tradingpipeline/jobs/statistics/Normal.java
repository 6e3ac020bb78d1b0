package dev.tradingpipeline.jobs.statistics;

/**
 * The standard normal distribution: {@link #cdf} Φ and {@link #inverseCdf} Φ⁻¹, to double precision
 * (about 1e-15), without a dependency (commons-math3 reaches the job only through Spark).
 *
 * <p>Φ(z) = erfc(−z/√2)/2. erfc is computed by the everywhere-convergent series
 * erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (positive terms, no cancellation) for
 * |x| &lt; 2, and by the continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
 * (modified Lentz) above, where 1 − erf would lose the tail's relative precision.
 *
 * <p>Φ⁻¹ is P. J. Acklam's rational approximation (relative error below 1.15e-9) followed by one
 * Halley step on Φ(x) − p, which brings it to full double precision.
 */
public final class Normal {

    private static final double SQRT2 = Math.sqrt(2);
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Normal() {
    }

    /** Φ(z), the probability that a standard normal variable is at most z. */
    public static double cdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return z >= 0 ? 1 - 0.5 * erfc(z / SQRT2) : 0.5 * erfc(-z / SQRT2);
    }

    /** The standard normal density φ(z). */
    public static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / SQRT_2PI;
    }

    /** erfc(x) for x ≥ 0. */
    static double erfc(double x) {
        if (x < 2) {
            return 1 - erfSeries(x);
        }
        if (x > 27) {
            return 0; // e^(-x²) underflows
        }
        // modified Lentz for x + a1/(x + a2/(x + ...)), a_k = k/2
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / SQRT_PI / f;
    }

    private static double erfSeries(double x) {
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return 2 / SQRT_PI * Math.exp(-x2) * sum;
    }

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    /**
     * Φ⁻¹(p): the z with Φ(z) = p; −∞ at 0 and +∞ at 1.
     *
     * @throws IllegalArgumentException if p is outside [0, 1] or NaN
     */
    public static double inverseCdf(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double x;
        if (p < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        } else if (p <= 1 - P_LOW) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log1p(-p));
            x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        // one Halley step on e = Φ(x) − p; above the median as (1 − p) − (1 − Φ(x)), which keeps the tail's precision
        double e = x > 0 ? (1 - p) - 0.5 * erfc(x / SQRT2) : 0.5 * erfc(-x / SQRT2) - p;
        double u = e * SQRT_2PI * Math.exp(0.5 * x * x);
        return x - u / (1 + 0.5 * x * u);
    }
}
