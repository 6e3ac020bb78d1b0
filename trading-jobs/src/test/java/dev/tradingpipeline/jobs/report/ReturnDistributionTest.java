package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.statistics.SharpeStatistics;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReturnDistributionTest {

    /**
     * Returns 1 %, -1 %, 2 %, 0 %: mean 0.5 %; deviations 0.5, -1.5, 1.5, -0.5 (%); squares sum
     * 5e-4, sample sd sqrt(5e-4 / 3) = 1.29099 %; m2 = 1.25e-4, m3 = 0 (symmetric), m4 = (2 x 6.25e-10
     * + 2 x 5.0625e-8) / 4 = 2.5625e-8: skewness 0, kurtosis 2.5625e-8 / 1.5625e-8 = 1.64.
     * Rice's rule gives ceil(2 x 4^(1/3)) = 4 bins, raised to 5: width 3 % / 5 = 0.6 %, edges -1, -0.4,
     * 0.2, 0.8, 1.4, 2 (%): -1 % in the first, 0 % in the second, 1 % in the fourth, 2 % in the last.
     */
    @Test
    void momentsAndBinsByHand() {
        ReturnDistribution d = ReturnDistribution.of(new double[] {0.01, -0.01, 0.02, 0});
        assertThat(d.n()).isEqualTo(4);
        assertThat(d.mean()).isCloseTo(0.005, within(1e-15));
        assertThat(d.stdev()).isCloseTo(0.0129099445, within(1e-10));
        assertThat(d.skewness()).isCloseTo(0.0, within(1e-12));
        assertThat(d.kurtosis()).isCloseTo(1.64, within(1e-12));
        assertThat(d.min()).isEqualTo(-0.01);
        assertThat(d.max()).isEqualTo(0.02);
        assertThat(d.binWidth()).isCloseTo(0.006, within(1e-15));
        assertThat(d.counts()).containsExactly(1, 1, 0, 1, 1);
    }

    /** Skewness and kurtosis as the probabilistic Sharpe ratio takes them (SharpeStatistics.moments). */
    @Test
    void agreesWithTheSharpeStatisticsMoments() {
        Random random = new Random(9);
        double[] r = new double[251];
        for (int i = 0; i < r.length; i++) {
            r[i] = 0.0005 + 0.01 * random.nextGaussian() + (i % 50 == 0 ? -0.05 : 0);
        }
        ReturnDistribution d = ReturnDistribution.of(r);
        SharpeStatistics.Moments m = SharpeStatistics.moments(r);
        assertThat(d.mean()).isCloseTo(m.mean(), within(1e-15));
        assertThat(d.mean() / d.stdev()).isCloseTo(m.sharpe(), within(1e-12));
        assertThat(d.skewness()).isCloseTo(m.skewness(), within(1e-12));
        assertThat(d.kurtosis()).isCloseTo(m.kurtosis(), within(1e-12));
        assertThat(Arrays.stream(d.counts()).sum()).isEqualTo(251);
        assertThat(d.counts()).hasSize(13); // ceil(2 x 251^(1/3)) = ceil(12.6)
    }

    @Test
    void binsFollowRicesRuleWithinBounds() {
        assertThat(ReturnDistribution.bins(1)).isEqualTo(5);
        assertThat(ReturnDistribution.bins(252)).isEqualTo(13);
        assertThat(ReturnDistribution.bins(2520)).isEqualTo(28);
        assertThat(ReturnDistribution.bins(100_000)).isEqualTo(40);
    }

    @Test
    void theHistogramDrawsABarPerNonEmptyBin() {
        String svg = Histogram.render("return-distribution", "Daily returns",
                ReturnDistribution.of(new double[] {0.01, -0.01, 0.02, 0, 0.021}));
        assertThat(HtmlReportTest.allMatches(svg, "data-count=\"(\\d+)\"")).containsExactly("1", "1", "1", "2");
        assertThat(svg).contains("<title>-1.00% to -0.38%: 1 day</title>", "mean 0.82%");
        // bar heights follow the counts
        List<String> heights = HtmlReportTest.allMatches(svg, "height=\"([0-9.]+)\" data-count");
        assertThat(Double.parseDouble(heights.get(3))).isCloseTo(2 * Double.parseDouble(heights.get(0)), within(0.2));
        assertThat(ReturnDistribution.of(new double[0]).counts()).isEmpty();
    }
}
