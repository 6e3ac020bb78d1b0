package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemorySizesTest {

    @Test
    void memorySizesAreReadAsSparkReadsThem() {
        assertThat(MemorySizes.mib("2g")).isEqualTo(2048);
        assertThat(MemorySizes.mib("2gb")).isEqualTo(2048);
        assertThat(MemorySizes.mib("1536")).isEqualTo(1536);
        assertThat(MemorySizes.mib("1048576k")).isEqualTo(1024);
    }
}
