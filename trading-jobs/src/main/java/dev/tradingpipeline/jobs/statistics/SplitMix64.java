package dev.tradingpipeline.jobs.statistics;

import java.util.random.RandomGenerator;

/**
 * The SplitMix64 generator (G. L. Steele, D. Lea and C. H. Flood, "Fast Splittable Pseudorandom
 * Number Generators", OOPSLA 2014; S. Vigna's reference {@code splitmix64.c}), written out here so
 * that a seed gives the same numbers on every JVM: {@link java.util.SplittableRandom} uses the same
 * mixing but its javadoc does not promise an algorithm, and the default methods of
 * {@link RandomGenerator} could change between releases. Not thread-safe; not for cryptography.
 *
 * <pre>
 *   state += 0x9E3779B97F4A7C15
 *   z = (state ^ (state &gt;&gt;&gt; 30)) * 0xBF58476D1CE4E5B9
 *   z = (z ^ (z &gt;&gt;&gt; 27)) * 0x94D049BB133111EB
 *   next = z ^ (z &gt;&gt;&gt; 31)
 * </pre>
 */
public final class SplitMix64 implements RandomGenerator {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1): the top 53 bits of the next long, times 2⁻⁵³. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Uniform in [0, bound): the top 32 bits of the next long times the bound, divided by 2³²
     * (Lemire's multiply-shift, one draw per call; its bias, below bound / 2³², is immaterial here).
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }
}
