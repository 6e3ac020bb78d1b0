package dev.tradingpipeline.jobs.strategy.config;

import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.parse;
import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.engine.Evaluation.Metric;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** {@code evaluation:} (in-sample split or walk-forward, and select-by) in config.yaml. */
class EvaluationConfigTest {

    private static final String VALID = "strategies:\n  - name: a\n    family: short_put\n    underlyings: [^SPX]\n";
    private static final String SWEEP = VALID + "    sweep: {delta: [0.2, 0.3]}\n";

    @Test
    void anInSampleSplitAndAWalkForward() {
        Evaluation split = parse(SWEEP + "    evaluation: {in-sample: {end: 2024-06-28}}\n").get(0).evaluation()
                .orElseThrow();
        assertThat(split).isEqualTo(Evaluation.inSample(LocalDate.of(2024, 6, 28), Metric.SHARPE));
        assertThat(split.isWalkForward()).isFalse();

        Evaluation wf = parse(SWEEP + "    evaluation:\n      walk-forward: {train: 6m, test: 26w}\n"
                + "      select-by: Total-Return\n").get(0).evaluation().orElseThrow();
        assertThat(wf).isEqualTo(Evaluation.walkForward(new Evaluation.Period(6, ChronoUnit.MONTHS),
                new Evaluation.Period(26, ChronoUnit.WEEKS), Metric.TOTAL_RETURN));
        assertThat(wf.describe()).isEqualTo("walk-forward: train 6m, test 26w, select-by total-return");

        assertThat(parse(SWEEP).get(0).evaluation()).isEmpty();
        // a single strategy may be evaluated too (its selection is trivial)
        assertThat(parse(VALID + "    evaluation: {walk-forward: {train: 120d, test: 1y}, select-by: calmar}\n")
                .get(0).evaluation().orElseThrow().selectBy()).isEqualTo(Metric.CALMAR);
    }

    @Test
    void everyEvaluationProblemAtOnceWithItsPath() {
        assertThat(problems(SWEEP + "    evaluation: {walk-forward: {train: 6x, tset: 1m}, select-by: sharp}\n"
                + "  - name: b\n    family: short_put\n    underlyings: [^SPX]\n    start: 2024-01-02\n"
                + "    end: 2024-06-28\n    evaluation: {in-sample: {end: 2024-06-28}}\n"
                + "  - name: c\n    family: short_put\n    underlyings: [^SPX]\n    start: 2024-01-02\n"
                + "    evaluation: {in-sample: {end: 2023-12-29}}\n"
                + "  - name: d\n    family: short_put\n    underlyings: [^SPX]\n"
                + "    evaluation: {in-sample: {end: 2024-01-31}, walk-forward: {train: 6m, test: 1m}}\n"
                + "  - name: e\n    family: short_put\n    underlyings: [^SPX]\n    evaluation: {select-by: cagr}\n"
                + "  - name: f\n    family: short_put\n    underlyings: [^SPX]\n    start: 2024-01-02\n"
                + "    end: 2024-06-28\n    evaluation: {walk-forward: {train: 6m, test: 1m}}\n"
                + "  - name: g\n    family: short_put\n    underlyings: [^SPX]\n"
                + "    evaluation: {in-sample: {end: 28.6.2024}, out-of-sample: 1}\n")).containsExactly(
                "config.yaml: strategies[0].evaluation.select-by: expected sharpe, sortino, cagr, total-return or"
                        + " calmar, got 'sharp' (did you mean 'sharpe'?)",
                "config.yaml: strategies[0].evaluation.walk-forward.tset: not a known key (did you mean 'test'?)",
                "config.yaml: strategies[0].evaluation.walk-forward.train: expected a period like 6m, 26w or 120d,"
                        + " got '6x'",
                "config.yaml: strategies[0].evaluation.walk-forward.test: required: a period like 6m, 26w or 120d"
                        + " (months, weeks or calendar days; y for years)",
                "config.yaml: strategies[1].evaluation.in-sample.end: 2024-06-28 is not before end 2024-06-28:"
                        + " no out-of-sample day",
                "config.yaml: strategies[2].evaluation.in-sample.end: 2023-12-29 is before start 2024-01-02:"
                        + " no in-sample day",
                "config.yaml: strategies[3].evaluation: give either in-sample or walk-forward, not both",
                "config.yaml: strategies[4].evaluation: needs in-sample: {end: yyyy-MM-dd} or walk-forward:"
                        + " {train: 6m, test: 1m}",
                "config.yaml: strategies[5].evaluation.walk-forward.train: start 2024-01-02 + 6m = 2024-07-02 is"
                        + " after end 2024-06-28: no test window",
                "config.yaml: strategies[6].evaluation.out-of-sample: not a known key; known: in-sample,"
                        + " walk-forward, select-by",
                "config.yaml: strategies[6].evaluation.in-sample.end: expected a date as yyyy-MM-dd, got '28.6.2024'");
    }

    @Test
    void evaluationIsAKnownKeyWithAHint() {
        assertThat(problems(VALID + "    evaluaton: {in-sample: {end: 2024-06-28}}\n")).containsExactly(
                "config.yaml: strategies[0].evaluaton: not a known key (did you mean 'evaluation'?)");
    }
}
