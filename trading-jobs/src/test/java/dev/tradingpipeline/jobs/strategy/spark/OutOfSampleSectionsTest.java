package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.report.OutOfSampleSection;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation.Metric;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From a run's out-of-sample series to the report's sections (no Spark). */
class OutOfSampleSectionsTest {

    private static final SimulationSummary FIGURES = new SimulationSummary(0.1, 0.2, 0.1, 1.2, 1.5, -0.05, 4, 0.5, 2, 4, 10, 0.3);

    @Test
    void aWindowIsAPointOfAWalkForwardAndACombinationOfAnInSampleSplit() {
        LocalDate d = LocalDate.of(2024, 7, 1);
        OutOfSampleSeries wf = new OutOfSampleSeries("wf", "SPX", Evaluation.walkForward(Evaluation.Period.parse("6m")
                .orElseThrow(), Evaluation.Period.parse("1m").orElseThrow(), Metric.SORTINO),
                GoldTables.KIND_WALK_FORWARD, new TaskSummary(7, "wf[walk-forward]", "SPX", Map.of(), d, d.plusDays(40),
                        FIGURES, 0), "wf[a=1], the best with hindsight over the same days", FIGURES,
                List.of(new OutOfSampleSeries.Window(1, d.minusMonths(6), d.minusDays(1), d, d.plusDays(30), 2,
                                "wf[a=1]", Map.of("a", 1.0), 2.5, 1.1, 0.4, 0.01),
                        new OutOfSampleSeries.Window(2, d.minusMonths(5), d.plusDays(30), d.plusDays(31), d.plusDays(40),
                                3, "wf[a=2]", Map.of("a", 2.0), 1.9, 0.9, -0.2, -0.01)),
                List.of(), null);
        OutOfSampleSeries split = new OutOfSampleSeries("split", "SPX", Evaluation.inSample(d, Metric.SHARPE),
                GoldTables.KIND_OUT_OF_SAMPLE, new TaskSummary(8, "split[out-of-sample]", "SPX", Map.of("a", 1.0), d,
                        d.plusDays(40), FIGURES, 0), "split[a=1], in sample", FIGURES,
                List.of(), List.of(new OutOfSampleSeries.Combination(0, "split[a=1]", 1.4, 0.2),
                        new OutOfSampleSeries.Combination(1, "split[a=2]", 0.7, 0.5)), null);
        OutOfSampleSeries skipped = OutOfSampleSeries.skipped("late", "SPX", Evaluation.inSample(d, Metric.SHARPE),
                GoldTables.KIND_OUT_OF_SAMPLE, "no out-of-sample day");

        List<OutOfSampleSection.Model> models = StrategyMode.outOfSampleSections(new StrategyRunResult("r", List.of(),
                0, List.of(), List.of(wf, split, skipped)));

        assertThat(models).hasSize(3);
        OutOfSampleSection.Model w = models.get(0);
        assertThat(w.method()).isEqualTo("walk-forward: train 6m, test 1m, select-by sortino");
        assertThat(w.outOfSampleLabel()).isEqualTo("wf[walk-forward]");
        assertThat(w.pointsOf()).isEqualTo("window");
        assertThat(w.points()).containsExactly(new OutOfSampleSection.Point("window 1 (wf[a=1])", 1.1, 0.4),
                new OutOfSampleSection.Point("window 2 (wf[a=2])", 0.9, -0.2));
        assertThat(w.windows()).extracting(OutOfSampleSection.Window::trainMetric).containsExactly(2.5, 1.9);
        assertThat(models.get(1).pointsOf()).isEqualTo("combination");
        assertThat(models.get(1).points()).containsExactly(new OutOfSampleSection.Point("split[a=1]", 1.4, 0.2),
                new OutOfSampleSection.Point("split[a=2]", 0.7, 0.5));
        assertThat(models.get(2).skipped()).isEqualTo("no out-of-sample day");
        assertThat(OutOfSampleSection.render(models)).contains("Training sortino", "Not checked: no out-of-sample day.");
    }
}
