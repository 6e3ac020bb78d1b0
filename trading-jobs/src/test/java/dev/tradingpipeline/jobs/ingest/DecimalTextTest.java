package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

    @Test
    void randomDecimalsParseToTheSameBitsAsParseDouble() {
        SplittableRandom random = new SplittableRandom(20261126L);
        for (int i = 0; i < 200_000; i++) {
            long digits = random.nextLong(1, 1_000_000_000_000_000L); // up to 18 digits: both paths
            int scale = random.nextInt(0, 20);
            String text = new BigDecimal(java.math.BigInteger.valueOf(digits), scale).toPlainString();
            if (random.nextBoolean()) {
                text = "-" + text;
            }
            assertThat(Double.doubleToRawLongBits(DecimalText.parse(text)))
                    .as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void vendorShapesAndEdgeCasesMatchParseDouble() {
        for (String text : List.of("0", "0.0000", "-0", "-0.0", "+1.5", "12.3450", "0.0512", "-0.0512", ".5", "5.",
                "007.250", "123456789012345", "1234567890123456", "0.1234567890123456789", "1e3", "1.5E-4",
                "9007199254740993", "99999999999999.9", "0.000000000000000000001")) {
            assertThat(Double.doubleToRawLongBits(DecimalText.parse(text)))
                    .as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void junkFailsLikeParseDouble() {
        for (String text : List.of("", "-", "+", ".", "-.", "1.2.3", "12a", "1,5", "--1", "abc")) {
            assertThatThrownBy(() -> DecimalText.parse(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
    }
}
