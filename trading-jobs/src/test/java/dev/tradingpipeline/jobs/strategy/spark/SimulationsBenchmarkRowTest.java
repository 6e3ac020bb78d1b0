package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSeries;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.SimulationResult;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The benchmark parts of a simulation's row, without Spark. */
class SimulationsBenchmarkRowTest {

    private static final LocalDate MON = LocalDate.of(2024, 1, 8);

    /**
     * Capital 1,000; equity 1,000, 1,010, 1,030. The series starts on Tuesday at 50, 51 on Wednesday:
     * benchmark_equity none, 1,000, 1,000 x 51 / 50 = 1,020; benchmark return 51 / 50 - 1 = 0.02; the
     * strategy from its equity before Tuesday: 1,030 / 1,000 - 1 = 0.03, excess 0.01; one paired day.
     */
    @Test
    void theRowCarriesTheNameGivenAndTheScaledBenchmark() {
        SimulationResult result = new SimulationResult("s", "^SPX", 1_000, 0, List.of(), List.of(
                new DailyRow(MON, 1_000, 1_000, 0, 0, 0),
                new DailyRow(MON.plusDays(1), 1_010, 1_010, 0, 10, 0),
                new DailyRow(MON.plusDays(2), 1_030, 1_030, 0, 20, 0)), List.of());
        BenchmarkSeries series = new BenchmarkSeries("name in the file's first entry",
                List.of(MON.plusDays(1), MON.plusDays(2)), new double[] {50, 51});

        Row row = Simulations.row(new Simulations.Simulation(3, "^SPX"), result, series, "BXM");

        Row b = row.getStruct(Simulations.SCHEMA.fieldIndex("benchmark"));
        assertThat(b.getString(0)).isEqualTo("BXM");
        assertThat(b.getDouble(1)).isCloseTo(0.02, within(1e-12));
        assertThat(b.getDouble(2)).isCloseTo(0.01, within(1e-12));
        assertThat(b.getInt(6)).isEqualTo(1);
        List<Row> daily = row.getList(Simulations.SCHEMA.fieldIndex("daily"));
        int at = GoldTables.DAY.fieldIndex("benchmark_equity");
        assertThat(daily.get(0).isNullAt(at)).isTrue();
        assertThat(daily.get(1).getDouble(at)).isCloseTo(1_000, within(1e-9));
        assertThat(daily.get(2).getDouble(at)).isCloseTo(1_020, within(1e-9));

        Row none = Simulations.row(new Simulations.Simulation(3, "^SPX"), result);
        assertThat(none.isNullAt(Simulations.SCHEMA.fieldIndex("benchmark"))).isTrue();
        assertThat(none.<Row>getList(Simulations.SCHEMA.fieldIndex("daily"))).allSatisfy(d -> assertThat(d.isNullAt(at)).isTrue());
    }
}
