package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.OptionQuote;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Silver's delivery_code reaches the engine, which leaves non-standard contracts out by default. */
class ChainRowsTest {

    private static Row row(String deliveryCode) {
        return RowFactory.create("AAPL", LocalDate.parse("2024-01-02"), "AAPL1", LocalDate.parse("2024-02-01"), 100.0,
                "P", 1.0, 1.2, 1.0, 1.2, -0.5, 0.2, 0.0, 99.9, 100.1, 99.9, 100.1, 30, deliveryCode);
    }

    @Test
    void theDeliveryCodeIsCarriedIntoTheQuote() {
        assertThat(ChainRows.COLUMNS).endsWith("delivery_code");
        OptionQuote q = new ChainRows(0).quote(row("1"));
        assertThat(q.deliveryCode()).isEqualTo("1");
        assertThat(q.root()).isEqualTo("AAPL1");
        assertThat(new ChainRows(0).quote(row(null)).deliveryCode()).isNull();
    }
}
