package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationStatisticsTest {

    @TempDir
    Path dir;

    /** Equity from 100,000 compounding the given daily returns. */
    private static double[] equity(double... returns) {
        double[] e = new double[returns.length];
        double v = 100_000;
        for (int i = 0; i < returns.length; i++) {
            v *= 1 + returns[i];
            e[i] = v;
        }
        return e;
    }

    /*
     * Returns 10, -5, 20, 0, 15 per mille (SharpeStatisticsTest works out their moments by hand:
     * sample sd 0.0103682, γ3 = -0.1579876, γ4 = 1.5091942).
     * Cash 0%: SR = 0.008 / 0.0103682 = 0.7715885, PSR(0) = Φ(1.4100802) = 0.9207420.
     * Cash 2.52% (0.0001 a day): SR = 0.0079 / 0.0103682 = 0.7619437,
     *   PSR(0) = Φ(0.7619437·√4 / √(1 + 0.1579876·0.7619437 + 0.5091942/4·0.7619437²))
     *          = Φ(1.5238873 / 1.0928322) = Φ(1.3944388) = 0.9184074.
     */
    @Test
    void theProbabilisticSharpeIsOfTheReturnsInExcessOfCash() {
        double[] equity = equity(0.010, -0.005, 0.020, 0.000, 0.015);
        assertThat(SimulationStatistics.of(100_000, equity, 0, StationaryBootstrap.Settings.DEFAULT).psr())
                .isCloseTo(0.9207420038832271, within(1e-9));
        SimulationStatistics withCash = SimulationStatistics.of(100_000, equity, 0.0252,
                StationaryBootstrap.Settings.DEFAULT);
        assertThat(withCash.psr()).isCloseTo(0.9184074242544648, within(1e-9));
    }

    @Test
    void returnsAreThoseOfMetricsEndingAtRuin() {
        double[] equity = {101_000, 99_990, -2_000, 50_000};
        assertThat(SimulationStatistics.dailyReturns(100_000, equity)).containsExactly(
                new double[] {0.01, 99_990.0 / 101_000 - 1, -2_000.0 / 99_990 - 1}, within(1e-15));
        // Metrics' Sharpe and CAGR are those of the same three days
        SimulationSummary metrics = Metrics.summarize(100_000, equity, new double[0], new double[0], 0);
        double[] r = SimulationStatistics.dailyReturns(100_000, equity);
        double mean = Arrays.stream(r).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum() / 2);
        assertThat(metrics.sharpe()).isCloseTo(mean / sd * Math.sqrt(252), within(1e-12));
    }

    @Test
    void theIntervalsAreTheBootstrapOfTheSameReturnsAndBracketTheirOwnDraws() {
        Random random = new Random(12);
        double[] returns = new double[252];
        for (int i = 0; i < returns.length; i++) {
            returns[i] = 0.0004 + 0.01 * random.nextGaussian();
        }
        StationaryBootstrap.Settings settings = new StationaryBootstrap.Settings(300, 5, 10);
        SimulationStatistics s = SimulationStatistics.of(100_000, equity(returns), 0.03, settings);
        StationaryBootstrap.Result direct = StationaryBootstrap.intervals(
                SimulationStatistics.dailyReturns(100_000, equity(returns)), 0.03, settings);
        assertThat(s.bootstrap()).isEqualTo(direct);
        assertThat(s.bootstrap().draws()).isEqualTo(300);
        SimulationSummary point = Metrics.summarize(100_000, equity(returns), new double[0], new double[0], 0.03);
        // a year of noisy days: the point estimates lie well inside their 5%-95% intervals
        assertThat(point.sharpe()).isBetween(s.bootstrap().sharpe().low(), s.bootstrap().sharpe().high());
        assertThat(point.cagr()).isBetween(s.bootstrap().cagr().low(), s.bootstrap().cagr().high());
        assertThat(point.maxDrawdown()).isBetween(s.bootstrap().maxDrawdown().low(),
                s.bootstrap().maxDrawdown().high());
    }

    @Test
    void undefinedBelowTwoReturnsOrWithoutVariation() {
        StationaryBootstrap.Settings settings = StationaryBootstrap.Settings.DEFAULT;
        SimulationStatistics one = SimulationStatistics.of(100_000, new double[] {101_000}, 0, settings);
        assertThat(one.psr()).isNaN();
        assertThat(one.bootstrap().draws()).isZero();
        // cash only: equity grows by the same 0.01% every day (up to rounding in the equity)
        double[] flat = new double[60];
        Arrays.fill(flat, 0.0001);
        SimulationStatistics idle = SimulationStatistics.of(100_000, equity(flat), 0.0252, settings);
        assertThat(idle.psr()).isNaN();
        assertThat(idle.bootstrap().sharpe().isDefined()).isFalse();
        assertThat(idle.bootstrap().cagr().low()).isCloseTo(Math.pow(1.0001, 252) - 1, within(1e-9));
        assertThat(SimulationStatistics.none(settings).bootstrap().draws()).isZero();
    }

    @Test
    void settingsComeFromTheStatisticsKeys() {
        TradingConfig defaults = TradingConfig.parse("", "config.yaml", dir.toString(), Map.of(), "--set ");
        assertThat(SimulationStatistics.settings(defaults)).isEqualTo(StationaryBootstrap.Settings.DEFAULT);
        assertThat(StationaryBootstrap.Settings.DEFAULT).isEqualTo(new StationaryBootstrap.Settings(1000, 42, 10));
        TradingConfig set = TradingConfig.parse("statistics:\n  bootstrap:\n    draws: 0\n    seed: 7\n"
                + "    mean-block: 5\n", "config.yaml", dir.toString(), Map.of(), "--set ");
        assertThat(SimulationStatistics.settings(set)).isEqualTo(new StationaryBootstrap.Settings(0, 7, 5));
    }

    @Test
    void badStatisticsKeysFailTogetherNamingEachKey() {
        assertThatThrownBy(() -> TradingConfig.parse("statistics:\n  bootstrap:\n    draws: 100001\n    seed: -1\n"
                + "    mean-block: 0\n", "config.yaml", dir.toString(), Map.of(), "--set "))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Problem::key).containsExactly(
                        "statistics.bootstrap.draws", "statistics.bootstrap.seed", "statistics.bootstrap.mean-block"))
                .hasMessageContaining("config.yaml: key 'statistics.bootstrap.draws': expected an integer up to 100000,"
                        + " got '100001'")
                .hasMessageContaining("key 'statistics.bootstrap.seed': expected a non-negative integer, got '-1'")
                .hasMessageContaining("key 'statistics.bootstrap.mean-block': expected a positive integer, got '0'");
        assertThatThrownBy(() -> TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("statistics.bootstrap.mean-blok", "3"), "--set "))
                .hasMessageContaining("did you mean 'statistics.bootstrap.mean-block'");
    }
}
