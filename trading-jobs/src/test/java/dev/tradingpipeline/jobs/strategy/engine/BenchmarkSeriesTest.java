package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkSeriesTest {

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    /**
     * The series has Tue 2 Jan, Wed 3 Jan and Fri 5 Jan. On Mon 1 Jan: none yet; Thu 4 Jan (missing from
     * the series): Wednesday's value carried; Fri 5: its own; Mon 8 (after the last date): none.
     */
    @Test
    void eachDayTakesTheLastValueOnOrBeforeItAndNoneOutsideTheSeries() {
        BenchmarkSeries s = new BenchmarkSeries("PUT", List.of(d("2024-01-02"), d("2024-01-03"), d("2024-01-05")),
                new double[] {100, 101, 103});
        double[] aligned = s.alignTo(List.of(d("2024-01-01"), d("2024-01-02"), d("2024-01-03"), d("2024-01-04"),
                d("2024-01-05"), d("2024-01-08")));
        assertThat(aligned[0]).isNaN();
        assertThat(aligned[1]).isEqualTo(100);
        assertThat(aligned[2]).isEqualTo(101);
        assertThat(aligned[3]).isEqualTo(101);
        assertThat(aligned[4]).isEqualTo(103);
        assertThat(aligned[5]).isNaN();
        assertThat(s.first()).isEqualTo(d("2024-01-02"));
        assertThat(s.last()).isEqualTo(d("2024-01-05"));
        assertThat(s.name()).isEqualTo("PUT");
    }

    @Test
    void refusesDatesOutOfOrderAndValuesNotAboveZero() {
        assertThatThrownBy(() -> new BenchmarkSeries("x", List.of(d("2024-01-03"), d("2024-01-03")),
                new double[] {1, 2})).hasMessageContaining("dates must increase");
        assertThatThrownBy(() -> new BenchmarkSeries("x", List.of(d("2024-01-03")), new double[] {0}))
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> new BenchmarkSeries("x", List.of(d("2024-01-03")), new double[] {Double.NaN}))
                .hasMessageContaining("must be > 0");
        assertThat(new BenchmarkSeries("empty", List.of(), new double[0]).alignTo(List.of(d("2024-01-03"))))
                .containsExactly(Double.NaN);
    }
}
