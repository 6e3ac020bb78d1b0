package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSeries;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFileTest {

    @TempDir
    Path dir;

    private BenchmarkSpec spec(String file, String name) {
        return new BenchmarkSpec(BenchmarkSpec.Kind.CSV, dir.resolve(file).toString(), name,
                "config.yaml: strategies[2].benchmark");
    }

    private Path write(String file, String text) throws Exception {
        return Files.writeString(dir.resolve(file), text);
    }

    /** Cboe publishes M/d/yyyy dates: both forms read, a byte-order mark and blank lines are skipped. */
    @Test
    void readsAGoodFileInBothDateForms() throws Exception {
        write("put.csv", "\uFEFFDate, Value\n2024-01-02,2410.5\n\n1/3/2024,2399.25\n2024-01-05, 2420\n");
        BenchmarkSeries s = BenchmarkFile.read(spec("put.csv", "PUT"), new Configuration());
        assertThat(s.name()).isEqualTo("PUT");
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.valueOn(LocalDate.parse("2024-01-02"))).isEqualTo(2410.5);
        assertThat(s.valueOn(LocalDate.parse("2024-01-03"))).isEqualTo(2399.25);
        assertThat(s.valueOn(LocalDate.parse("2024-01-04"))).isEqualTo(2399.25);
        assertThat(s.valueOn(LocalDate.parse("2024-01-05"))).isEqualTo(2420);
    }

    @Test
    void everyBadLineIsListedWithTheFileAndLineAndWhatIsWrong() throws Exception {
        Path file = write("bad.csv", String.join("\n",
                "date,value",                 // 1
                "2024-01-02,100",             // 2
                "2024-13-01,101",             // 3 bad date
                "2024-01-03,abc",             // 4 not a number
                "2024-01-04,0",               // 5 not above zero
                "2024-01-05,-3",              // 6 negative
                "2024-01-02,102",             // 7 duplicate of line 2
                "2024-01-08,103",             // 8 fine
                "2024-01-06,104",             // 9 out of order
                "2024-01-09",                 // 10 one field
                "x,NaN",                      // 11 both wrong
                "2024-01-10,105") + "\n");
        assertThatThrownBy(() -> BenchmarkFile.read(spec("bad.csv", "PUT"), new Configuration()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid benchmark series PUT (config.yaml: strategies[2].benchmark.csv):")
                .hasMessageContaining(file + ":3: date: expected yyyy-MM-dd or M/d/yyyy, got '2024-13-01'")
                .hasMessageContaining(file + ":4: value: expected a number, got 'abc'")
                .hasMessageContaining(file + ":5: value: expected a number > 0, got '0'")
                .hasMessageContaining(file + ":6: value: expected a number > 0, got '-3'")
                .hasMessageContaining(file + ":7: date 2024-01-02 is also on line 2")
                .hasMessageContaining(file + ":9: date 2024-01-06 is before 2024-01-08 on line 8: dates must increase")
                .hasMessageContaining(file + ":10: expected 2 fields date,value, got 1")
                .hasMessageContaining(file + ":11: date: expected yyyy-MM-dd or M/d/yyyy, got 'x'; value: expected a"
                        + " number > 0, got 'NaN'")
                .satisfies(e -> assertThat(e.getMessage().lines().count()).as("a header and 8 bad lines").isEqualTo(9))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":2:", ":8:", ":12:"));
    }

    @Test
    void aMissingHeaderOrAnEmptyFileIsSaid() throws Exception {
        write("noheader.csv", "2024-01-02,100\n2024-01-03,x\n");
        assertThatThrownBy(() -> BenchmarkFile.read(spec("noheader.csv", "PUT"), new Configuration()))
                .hasMessageContaining("noheader.csv:1: missing header: expected date,value, got '2024-01-02,100'")
                .hasMessageContaining("noheader.csv:2: value: expected a number, got 'x'");
        write("cboe.csv", "Cboe S&P 500 PutWrite Index\nDate,PUT\n");
        assertThatThrownBy(() -> BenchmarkFile.read(spec("cboe.csv", "PUT"), new Configuration()))
                .hasMessageContaining("cboe.csv:1: missing header: expected date,value, got 'Cboe S&P 500 PutWrite Index'")
                .hasMessageContaining("cboe.csv:2: date: expected yyyy-MM-dd or M/d/yyyy, got 'Date'");
        write("empty.csv", "\n");
        assertThatThrownBy(() -> BenchmarkFile.read(spec("empty.csv", "PUT"), new Configuration()))
                .hasMessageContaining("empty.csv: empty: expected the header date,value and one row per date");
        write("header.csv", "date,value\n");
        assertThatThrownBy(() -> BenchmarkFile.read(spec("header.csv", "PUT"), new Configuration()))
                .hasMessageContaining("header.csv: no rows after the header date,value");
    }

    @Test
    void theListIsCappedAndCountsTheRest() throws Exception {
        StringBuilder text = new StringBuilder("date,value\n");
        for (int i = 0; i < 25; i++) {
            text.append("2024-01-02,bad").append(i).append('\n');
        }
        write("many.csv", text.toString());
        assertThatThrownBy(() -> BenchmarkFile.read(spec("many.csv", "PUT"), new Configuration()))
                .satisfies(e -> {
                    List<String> lines = e.getMessage().lines().toList();
                    assertThat(lines).hasSize(1 + BenchmarkFile.MAX_LISTED + 1);
                    assertThat(lines.get(1)).endsWith("many.csv:2: value: expected a number, got 'bad0'");
                    assertThat(lines.get(BenchmarkFile.MAX_LISTED)).endsWith("many.csv:21: value: expected a number,"
                            + " got 'bad19'");
                    assertThat(lines.get(lines.size() - 1)).isEqualTo("  - ... and 5 more bad line(s)");
                });
    }

    @Test
    void aMissingFileNamesTheKeyAndEveryFilesProblemsComeTogether() throws Exception {
        write("good.csv", "date,value\n2024-01-02,100\n");
        write("bad.csv", "date,value\n2024-01-02,zero\n");
        BenchmarkSpec good = spec("good.csv", "GOOD");
        assertThatThrownBy(() -> BenchmarkFile.read(List.of(good, spec("nowhere.csv", "PUT"),
                spec("bad.csv", "BAD"), BenchmarkSpec.underlying()), new Configuration()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml: strategies[2].benchmark.csv: benchmark series "
                        + dir.resolve("nowhere.csv") + " does not exist")
                .hasMessageContaining("bad.csv:2: value: expected a number, got 'zero'");

        // one read per file, however many tasks name it; the underlying's needs none
        Map<String, BenchmarkSeries> read = BenchmarkFile.read(List.of(good, good, BenchmarkSpec.underlying()),
                new Configuration());
        assertThat(read).containsOnlyKeys(good.csv());
        assertThat(read.get(good.csv()).name()).isEqualTo("GOOD");
    }
}
