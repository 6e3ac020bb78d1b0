package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How simulations are spread over Spark tasks, and what travels to the executors. No Spark needed. */
class StrategyShardsTest {

    private static StrategyTask task(String name, String... underlyings) {
        return StrategyTask.of(StrategySpec.builder(name).underlyings(underlyings)
                .legs(Families.of("iron_condor", Map.of())).build());
    }

    @Test
    void simulationsOfAnUnderlyingShareShardsUpToTheClusterParallelism() {
        List<StrategyTask> tasks = List.of(task("a", "^SPX", "AAPL"), task("b", "^SPX"), task("c", "^SPX"));

        var shards = StrategyJob.shards(tasks, 4);
        // AAPL: one simulation, one shard; ^SPX: three simulations over min(3, 4 / 2) = 2 shards
        assertThat(shards).hasSize(3);
        assertThat(shards.values()).allSatisfy(sims ->
                assertThat(sims).extracting(Simulations.Simulation::underlying).containsOnly(sims.get(0).underlying()));
        assertThat(shards.values().stream().mapToInt(List::size).sum()).isEqualTo(4);

        assertThat(StrategyJob.shards(tasks, 1)).hasSize(2);
        assertThat(StrategyJob.shards(tasks, 64)).hasSize(4);
    }

    @Test
    void aPortfoliosTasksShareOneShardAcrossTheirUnderlyings() {
        // tasks 0 and 1 configured; 2 (^SPX, AAPL) and 3 (SPY) the members of portfolio p
        List<StrategyTask> tasks = List.of(task("a", "^SPX"), task("b", "^SPX"), task("p/c", "^SPX", "AAPL"),
                task("p/d", "SPY"));
        var shards = StrategyJob.shards(tasks, 4, List.of(new StrategyJob.SharedAccountTasks("p", List.of(2, 3))));

        // ^SPX: two simulations over min(2, 4 / 1) = 2 shards (0, 1); then the portfolio's shard 2
        assertThat(shards).hasSize(3);
        assertThat(shards.get(0)).extracting(Simulations.Simulation::taskId).containsExactly(0);
        assertThat(shards.get(1)).extracting(Simulations.Simulation::taskId).containsExactly(1);
        assertThat(shards.get(2)).containsExactly(new Simulations.Simulation(2, "^SPX", "p"),
                new Simulations.Simulation(2, "AAPL", "p"), new Simulations.Simulation(3, "SPY", "p"));
        assertThat(shards.get(0).get(0).account()).isNull();

        assertThatThrownBy(() -> StrategyJob.shards(tasks, 4, List.of(new StrategyJob.SharedAccountTasks("p",
                List.of(2)), new StrategyJob.SharedAccountTasks("q", List.of(2, 3)))))
                .hasMessageContaining("account 'q': task 2 is no task or is in another account");
        // every task in a portfolio: no shard of its own underlying is left
        assertThat(StrategyJob.shards(tasks.subList(2, 4), 4, List.of(new StrategyJob.SharedAccountTasks("p",
                List.of(0, 1))))).hasSize(1);
    }

    @Test
    void aTaskSurvivesJavaSerializationWithItsClassName() throws Exception {
        StrategyTask task = new StrategyTask(task("a", "^SPX").spec(), Optional.of("com.example.MyStrategy"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(List.of(task, task("b", "SPY")));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(List.of(task, task("b", "SPY")));
        }
    }

    @Test
    void theConfigHashIgnoresTheOrderOfParameters() {
        StrategySpec.Builder b = StrategySpec.builder("x").underlyings("^SPX").legs(Families.of("short_put", Map.of()));
        String one = StrategyJob.describe(StrategyTask.of(b.parameters(Map.of("a", 1.0, "b", 2.0, "c", 3.0)).build()));
        String two = StrategyJob.describe(StrategyTask.of(b.parameters(Map.of("c", 3.0, "b", 2.0, "a", 1.0)).build()));
        assertThat(one).isEqualTo(two).contains("parameters={a=1.0, b=2.0, c=3.0}");
    }

    @Test
    void theConfigHashTextKeepsTheRecordFormRunsWereHashedWith() {
        // a run's config_hash is compared with earlier runs': renaming a spec's types (Fills became
        // ExecutionCosts) must not change the text
        StrategySpec spec = StrategySpec.builder("x").underlyings("^SPX").legs(Families.of("short_put", Map.of()))
                .fills(new ExecutionCosts(FillModel.FAR.withSlippage(0.01), 0.65, 1.0))
                .sizing(Sizing.fromCapital(250_000).withMargin(Margin.REG_T)).entry(EntrySchedule.monthlyThirdFriday())
                .exits(new ExitRules(21, 0.5, 2.0)).build();
        assertThat(StrategyJob.describe(StrategyTask.of(spec))).isEqualTo("StrategySpec[name=x, underlyings=[^SPX],"
                + " start=null, end=null, legs=[Leg[instrument=PUT, side=SHORT, ratio=1, dte=20-45 DTE,"
                + " strike=ByDelta[target=0.5, band=0.1]]], entry=EntrySchedule[kind=MONTHLY_THIRD_FRIDAY, weekday=null,"
                + " n=0], exits=ExitRules[exitAtDte=21, takeProfit=0.5, stopLoss=2.0], fills=Fills[model=FAR+SLIPPAGE_0.01,"
                + " commissionPerContract=0.65, orderFee=1.0], sizing=Sizing[capital=250000.0, fixedUnits=null,"
                + " margin=REG_T], cashRate=0.0, parameters={}, assignment=Assignment[extrinsicBelow=0.05, then=CLOSE,"
                + " europeanRoots=[DJX, NDX, NDXP, RUT, RUTW, SPX, SPXW, VIX, VIXW, XSP]]]");
    }
}
