package dev.tradingpipeline.maven.emr;

import static dev.tradingpipeline.maven.emr.EmrSettingsTest.VALID;
import static dev.tradingpipeline.maven.emr.EmrSettingsTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmrPricesTest {

    /** 3 workers of 4 vCPU, 16 GB and 100 GB disk for 5 minutes, as GetJobRun would bill them. */
    static final ResourceUsage BILLED = new ResourceUsage(1.0, 4.0, 20.0);

    static EmrPrices prices(Map<String, String> overrides) {
        return EmrSettings.from(config(VALID, overrides)).prices();
    }

    @Test
    void byDefaultTheListPricesOfTheApplicationsArchitectureAndArm64WhenUnknown() {
        EmrPrices prices = EmrSettings.from(config(VALID)).prices();

        assertThat(prices).isEqualTo(EmrPrices.LIST);
        EmrPrices.PriceTable unknown = prices.table(Optional.empty());
        assertThat(unknown.architecture()).isEqualTo("ARM64");
        assertThat(unknown.rates()).isEqualTo(new EmrPrices.Rates(new BigDecimal("0.042094"),
                new BigDecimal("0.004628"), new BigDecimal("0.000111")));
        assertThat(unknown.basis()).isEqualTo("us-east-1 ARM64 list prices; set emr.prices.* for yours");
        EmrPrices.PriceTable x86 = prices.table(Optional.of("X86_64"));
        assertThat(x86.rates()).isEqualTo(new EmrPrices.Rates(new BigDecimal("0.052624"),
                new BigDecimal("0.0057785"), new BigDecimal("0.000111")));
        assertThat(x86.basis()).isEqualTo("us-east-1 X86_64 list prices; set emr.prices.* for yours");
    }

    @Test
    void aConfiguredArchitectureWinsOverTheApplications() {
        EmrPrices prices = prices(Map.of("emr.prices.architecture", "X86_64"));

        assertThat(prices.architecture()).contains("X86_64");
        assertThat(prices.table(Optional.of("ARM64")).architecture()).isEqualTo("X86_64");
        assertThat(prices(Map.of("emr.prices.architecture", "application")).architecture()).isEmpty();
    }

    @Test
    void configuredPricesReplaceTheListPricesOneByOne() {
        EmrPrices.PriceTable some = prices(Map.of("emr.prices.vcpu-hour", "0.05")).table(Optional.of("ARM64"));
        assertThat(some.rates()).isEqualTo(new EmrPrices.Rates(new BigDecimal("0.05"), new BigDecimal("0.004628"),
                new BigDecimal("0.000111")));
        assertThat(some.basis()).isEqualTo("prices from emr.prices.vcpu-hour, the rest us-east-1 ARM64 list prices");

        EmrPrices.PriceTable all = prices(Map.of("emr.prices.vcpu-hour", "0.06", "emr.prices.memory-gb-hour", "0.007",
                "emr.prices.storage-gb-hour", "0.0002")).table(Optional.empty());
        assertThat(all.rates()).isEqualTo(new EmrPrices.Rates(new BigDecimal("0.06"), new BigDecimal("0.007"),
                new BigDecimal("0.0002")));
        assertThat(all.basis()).isEqualTo("prices from emr.prices.*");
    }

    @Test
    void unusablePricesAreReportedWithTheOtherProblemsNamingTheirKeys() {
        assertThatThrownBy(() -> prices(Map.of("emr.prices.vcpu-hour", "cheap", "emr.prices.memory-gb-hour", "-0.01",
                "emr.max-attempts", "11")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.prices.vcpu-hour must be a price in dollars such as 0.042094, got 'cheap'")
                .hasMessageContaining("emr.prices.memory-gb-hour must be a price in dollars of 0 or more, got '-0.01'")
                .hasMessageContaining("emr.max-attempts must be 1-10, got 11");
        assertThatThrownBy(() -> prices(Map.of("emr.prices.architecture", "graviton")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.prices.architecture")
                .hasMessageContaining("graviton");
    }

    @Test
    void theCostIsTheBilledResourcesTimesTheRates() {
        // ARM64: 1.0 * 0.042094 + 4.0 * 0.004628 + 20.0 * 0.000111 = 0.042094 + 0.018512 + 0.00222 = 0.062826
        RunCost arm = RunCost.of(BILLED, EmrPrices.LIST.table(Optional.of("ARM64")));
        assertThat(arm.dollars()).isEqualByComparingTo("0.062826");
        assertThat(arm.formattedDollars()).isEqualTo("$0.0628");

        // X86_64: 1.0 * 0.052624 + 4.0 * 0.0057785 + 20.0 * 0.000111 = 0.052624 + 0.023114 + 0.00222 = 0.077958
        RunCost x86 = RunCost.of(BILLED, EmrPrices.LIST.table(Optional.of("X86_64")));
        assertThat(x86.dollars()).isEqualByComparingTo("0.077958");
        assertThat(x86.formattedDollars()).isEqualTo("$0.0780");

        assertThat(BILLED.describe()).isEqualTo("1 vCPU-hours, 4 memory GB-hours, 20 storage GB-hours");
        assertThat(new ResourceUsage(0.93333333, 3.7333, 0).describe())
                .isEqualTo("0.9333 vCPU-hours, 3.7333 memory GB-hours, 0 storage GB-hours");
    }
}
