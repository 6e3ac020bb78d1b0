package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.jobs.strategy.engine.SettlementStyles;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettlementFileTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void theConfiguredTableIsReadWithTheAmRootsAndAMissingOneNamesTheKey() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("settlements.csv"), "symbol,date,value\nSPX,2024-02-16,4950.12\n");
        dev.tradingpipeline.core.config.TradingConfig config = dev.tradingpipeline.core.config.TradingConfig.defaults(
                dir, Map.of("paths.settlements", "settlements.csv", "settlement.am-roots", "SPX,XSP"), "test ");
        SettlementStyles styles = SettlementFile.styles(config, new org.apache.hadoop.conf.Configuration());
        assertThat(styles.amRoots()).containsExactlyInAnyOrder("SPX", "XSP");
        assertThat(styles.value("SPX", LocalDate.parse("2024-02-16"))).hasValue(4950.12);

        dev.tradingpipeline.core.config.TradingConfig missing = dev.tradingpipeline.core.config.TradingConfig.defaults(
                dir, Map.of("paths.settlements", "nowhere.csv"), "test ");
        assertThatThrownBy(() -> SettlementFile.styles(missing, new org.apache.hadoop.conf.Configuration()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("paths.settlements").hasMessageContaining("nowhere.csv").hasMessageContaining("does not exist");
    }

    @Test
    void readsRowsWithAHeaderCommentsAndBothDateForms() throws Exception {
        Map<String, Double> v = SettlementFile.parse(new StringReader(
                "symbol,date,value\n# SOQ values\nSPX,2024-02-16,4950.12\n\nNDX,3/15/2024,18001.5\n"
                        + "SPX,2024-02-16,4950.12\n"), "settlements.csv");
        assertThat(v).containsExactlyInAnyOrderEntriesOf(Map.of(
                SettlementStyles.key("SPX", LocalDate.parse("2024-02-16")), 4950.12,
                SettlementStyles.key("NDX", LocalDate.parse("2024-03-15")), 18001.5));
    }

    @Test
    void reportsEveryBadLineAtOnceWithFileAndLine() {
        assertThatThrownBy(() -> SettlementFile.parse(new StringReader(
                "SPX,2024-02-16,4950\nSPX,16.02.2024,4950\nNDX,2024-03-15,abc\nRUT,2024-03-15\n,2024-03-15,1\n"
                        + "SPX,2024-02-16,4951\nVIX,2024-03-20,-1\n"), "s.csv"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("paths.settlements")
                .hasMessageContaining("s.csv:2: date: expected yyyy-MM-dd or M/d/yyyy, got '16.02.2024'")
                .hasMessageContaining("s.csv:3: value: expected a number, got 'abc'")
                .hasMessageContaining("s.csv:4: expected 3 fields symbol,date,value, got 2")
                .hasMessageContaining("s.csv:5: symbol is empty")
                .hasMessageContaining("s.csv:6: SPX on 2024-02-16 is 4951 here but 4950.0 on line 1")
                .hasMessageContaining("s.csv:7: value: expected a price > 0, got '-1'");
    }
}
