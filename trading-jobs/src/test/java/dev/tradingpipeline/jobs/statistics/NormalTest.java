package dev.tradingpipeline.jobs.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalTest {

    // reference values: scipy.stats.norm (cdf via Cephes ndtr, ppf via ndtri)
    @Test
    void cdfMatchesReferenceValues() {
        assertThat(Normal.cdf(1.96)).isCloseTo(0.9750021048517795, within(1e-15));
        assertThat(Normal.cdf(0)).isEqualTo(0.5);
        assertThat(Normal.cdf(-1)).isCloseTo(0.15865525393145707, within(1e-15));
        assertThat(Normal.cdf(0.5)).isCloseTo(0.6914624612740131, within(1e-15));
        // tails keep their relative precision (the continued fraction branch)
        assertThat(Normal.cdf(-3)).isCloseTo(0.0013498980316300933, within(1e-17));
        assertThat(Normal.cdf(-8) / 6.22096057427174e-16).isCloseTo(1, within(1e-12));
    }

    @Test
    void inverseCdfMatchesReferenceValues() {
        assertThat(Normal.inverseCdf(0.975)).isCloseTo(1.959963984540054, within(1e-14));
        assertThat(Normal.inverseCdf(0.01)).isCloseTo(-2.3263478740408408, within(1e-14));
        assertThat(Normal.inverseCdf(0.99)).isCloseTo(2.3263478740408408, within(1e-14));
        assertThat(Normal.inverseCdf(1e-10)).isCloseTo(-6.361340902404056, within(1e-12));
        assertThat(Normal.inverseCdf(0.5)).isCloseTo(0, within(1e-16));
        assertThat(Normal.inverseCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.inverseCdf(1)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void inverseCdfInvertsCdfAcrossBothBranches() {
        for (double z = -7; z <= 7; z += 0.25) {
            double p = Normal.cdf(z);
            // p near 1 carries only ulp(p) of information: z is known to ulp(p) / φ(z)
            double tolerance = 1e-13 + 4 * Math.ulp(p) / Normal.pdf(z);
            assertThat(Normal.inverseCdf(p)).as("z %s", z).isCloseTo(z, within(tolerance));
        }
    }

    @Test
    void inverseCdfRejectsProbabilitiesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Normal.inverseCdf(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Normal.inverseCdf(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
