package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.maintenance.TableScope;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.events.CreateSnapshotEvent;
import org.apache.iceberg.events.Listeners;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a strategy run's gold commits guarantee now that the tables are checked while the
 * simulations run and three of the four appends run at once: one commit per table tagged with
 * the run id, {@code strategy_runs} committed after the other three, and nothing committed when a
 * gold table is one the run must not write to.
 */
class GoldCommitsTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4);

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    /** Every Iceberg commit of this JVM, in the order they were made. */
    private static final List<CreateSnapshotEvent> COMMITS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkTestSession.get();
        config = SparkTestSession.loadedSample(root, START, 8, 600);
        Listeners.register(COMMITS::add, CreateSnapshotEvent.class);
    }

    private static StrategyTask putWrite(String name) {
        return StrategyTask.of(StrategySpec.builder(name)
                .underlyings("^SPX")
                .dates(START, START.plusDays(12))
                .legs(Families.of("put_write", Map.of("dte_min", 1.0, "dte_target", 5.0, "dte_max", 12.0)))
                .entry(EntrySchedule.whenFlat())
                .fills(FillModel.MID, 0.65)
                .sizing(Sizing.fixed(1_000_000, 1))
                .build());
    }

    private static List<String> committedTables(String runId) {
        List<String> tables = new ArrayList<>();
        synchronized (COMMITS) {
            for (CreateSnapshotEvent e : COMMITS) {
                if (runId.equals(e.summary().get(IcebergTables.BATCH_PROPERTY))) {
                    tables.add(e.tableName());
                }
            }
        }
        return tables;
    }

    @Test
    void eachGoldTableGetsOneCommitTaggedWithTheRunIdAndStrategyRunsComesLast() {
        StrategyJob job = new StrategyJob(spark, config);
        for (int run = 0; run < 2; run++) {
            String runId = job.run(List.of(putWrite("a"), putWrite("b"))).runId();

            List<String> tables = committedTables(runId);
            assertThat(tables).hasSize(4);
            assertThat(tables).allSatisfy(t -> assertThat(GoldTables.ALL.stream().anyMatch(t::endsWith)).isTrue());
            assertThat(tables.get(3)).endsWith(GoldTables.RUNS);
            // and the tables' own histories say the same: one snapshot of the run each
            IcebergTables tablesOf = new IcebergTables(spark, config);
            // the four tables every run writes (walk_forward_windows and portfolio_members: only some)
            for (String table : List.of(GoldTables.RUNS, GoldTables.TRADES, GoldTables.DAILY, GoldTables.SUMMARY)) {
                List<Snapshot> ofRun = new ArrayList<>();
                tablesOf.load(table).snapshots().forEach(s -> {
                    if (runId.equals(s.summary().get(IcebergTables.BATCH_PROPERTY))) {
                        ofRun.add(s);
                    }
                });
                assertThat(ofRun).as(table).hasSize(1);
            }
            long runsAt = tablesOf.load(GoldTables.RUNS).currentSnapshot().timestampMillis();
            for (String table : List.of(GoldTables.TRADES, GoldTables.DAILY, GoldTables.SUMMARY)) {
                assertThat(tablesOf.load(table).currentSnapshot().timestampMillis()).as(table).isLessThanOrEqualTo(runsAt);
            }
            assertThat(spark.sql("SELECT count(*) FROM " + tablesOf.qualified(GoldTables.SUMMARY) + " WHERE run_id = '"
                    + runId + "'").first().getLong(0)).isEqualTo(2);
        }
    }

    /** A user strategy that fails on its third day. */
    public static final class FailsOnTheThirdDay implements Strategy {
        private int days;

        public FailsOnTheThirdDay(StrategySpec spec) {
        }

        @Override
        public List<Order> onDay(DayChain day, PortfolioView portfolio, Notes notes) {
            if (++days == 3) {
                throw new IllegalStateException("the strategy failed on " + day.date());
            }
            return List.of();
        }
    }

    @Test
    void aSimulationThatFailsFailsTheRunWithItsMessageAndCommitsNothingToGold() {
        // the trades and daily appends start with the simulations (no out-of-sample check here):
        // they fail with them, and strategy_runs is never written
        StrategyTask failing = new StrategyTask(StrategySpec.builder("fails").underlyings("^SPX")
                .dates(START, START.plusDays(12)).build(), Optional.of(FailsOnTheThirdDay.class.getName()));
        int commitsBefore = COMMITS.size();

        assertThatThrownBy(() -> new StrategyJob(spark, config).run(List.of(putWrite("a"), failing)))
                .hasStackTraceContaining("the strategy failed on " + START.plusDays(2));
        synchronized (COMMITS) {
            assertThat(COMMITS.subList(commitsBefore, COMMITS.size()))
                    .noneMatch(e -> GoldTables.ALL.stream().anyMatch(t -> e.tableName().endsWith(t)));
        }
    }

    @Test
    void aGoldTableWritingOutsideItsLocationStopsTheRunBeforeAnyGoldCommit() {
        // a warehouse of its own (the same landing files), whose strategy_daily writes its data elsewhere
        TradingConfig own = SparkTestSession.newConfig(root.resolve("refused"),
                Map.of("paths.landing", root.resolve("landing").toString()));
        new IngestJob(spark, own).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        new GoldTables(spark, own).ensure();
        IcebergTables tables = new IcebergTables(spark, own);
        Path elsewhere = root.resolve("elsewhere");
        spark.sql("ALTER TABLE " + tables.qualified(GoldTables.DAILY) + " SET TBLPROPERTIES ('write.data.path'='"
                + elsewhere.toUri() + "')");
        int commitsBefore = COMMITS.size();

        assertThatThrownBy(() -> new StrategyJob(spark, own).run(List.of(putWrite("a"))))
                .isInstanceOf(TableScope.OutsideWarehouseException.class)
                .hasMessageContaining(GoldTables.DAILY)
                .hasMessageContaining("the strategy run writes nothing");
        synchronized (COMMITS) {
            assertThat(COMMITS.subList(commitsBefore, COMMITS.size()))
                    .noneMatch(e -> GoldTables.ALL.stream().anyMatch(t -> e.tableName().endsWith(t)));
        }
        for (String table : GoldTables.ALL) {
            assertThat(tables.load(table).currentSnapshot()).as(table).isNull();
        }
    }
}
