package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OptionRowParserTest {

    /** A valid Calcs line, as the vendor prints it (trailing comma: empty delivery_code). */
    static final String GOOD = "^SPX,2024-01-02,SPXW,2024-01-19,4700.000,C,0.0000,0.0000,0.0000,0.0000,0,"
            + "10,52.1000,12,53.4000,0.0000,0.0000,4742.1000,4742.8300,0.1321,0.5521,0.0019,-1.2345,3.2100,"
            + "1.1100,11,51.9000,15,53.2000,0.0000,0.0000,0.0000,1234,";

    private final OptionRowParser calcs = new OptionRowParser(CboeLayout.Variant.CALCS);

    private Object value(String column) {
        return calcs.values()[CboeLayout.CALCS_COLUMNS.indexOf(column)];
    }

    @Test
    void parsesAValidCalcsLineIntoTypedValues() {
        assertThat(calcs.parse(GOOD)).as(calcs.reason()).isTrue();
        assertThat(value("underlying_symbol")).isEqualTo("^SPX");
        assertThat(value("quote_date")).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(value("expiration")).isEqualTo(LocalDate.of(2024, 1, 19));
        assertThat(value("strike")).isEqualTo(new BigDecimal("4700.000"));
        assertThat(value("option_type")).isEqualTo("C");
        assertThat(value("bid_size_1545")).isEqualTo(10);
        assertThat(value("ask_1545")).isEqualTo(53.4);
        assertThat(value("theta_1545")).isEqualTo(-1.2345);
        assertThat(value("open_interest")).isEqualTo(1234L);
        assertThat(value("delivery_code")).isNull();
    }

    @Test
    void quotesLinesLeaveTheCalculationColumnsNull() {
        OptionRowParser quotes = new OptionRowParser(CboeLayout.Variant.QUOTES);
        String line = "AAPL,2024-01-02,AAPL,2024-02-16,185.000,P,1.2000,1.3000,1.1000,1.2500,42,"
                + "5,1.2000,7,1.3000,185.1000,185.1200,3,1.2100,9,1.3100,185.0000,185.0200,1.2400,800,";
        assertThat(quotes.parse(line)).as(quotes.reason()).isTrue();
        Object[] v = quotes.values();
        assertThat(v).hasSize(34);
        for (String c : CboeLayout.CALCS_ONLY_COLUMNS) {
            assertThat(v[CboeLayout.CALCS_COLUMNS.indexOf(c)]).as(c).isNull();
        }
        assertThat(v[CboeLayout.CALCS_COLUMNS.indexOf("trade_volume")]).isEqualTo(42L);
        assertThat(v[CboeLayout.CALCS_COLUMNS.indexOf("open_interest")]).isEqualTo(800L);
    }

    static String replace(String column, String value) {
        String[] f = GOOD.split(",", -1);
        f[CboeLayout.CALCS_COLUMNS.indexOf(column)] = value;
        return String.join(",", f);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "quote_date|2024-13-02|quote_date is not a date",
        "expiration|19/01/2024|expiration is not a date",
        "strike|abc|strike is not a number",
        "strike|0.000|strike must be positive",
        "strike|-5|strike must be positive",
        "strike|100.0001|at most 3 decimals",
        "option_type|X|option_type must be C or P",
        "option_type|c|option_type must be C or P",
        "expiration|2023-12-29|expiration 2023-12-29 is before quote_date 2024-01-02",
        "bid_1545|-0.0500|bid_1545 is negative",
        "ask_eod|1.2.3|ask_eod is not a number",
        "bid_size_1545|-1|bid_size_1545 is negative",
        "trade_volume|1.5|trade_volume is not an integer",
        "open_interest|-3|open_interest is negative",
        "underlying_symbol|''|underlying_symbol is empty",
        "root|''|root is empty",
        "implied_volatility_1545|NaN|not a finite number",
    })
    void rejectsWithAReasonNamingTheColumn(String column, String value, String reason) {
        assertThat(calcs.parse(replace(column, value))).isFalse();
        assertThat(calcs.reason()).contains(reason);
        assertThat(calcs.values()).isNull();
    }

    @Test
    void greeksMayBeNegativeButPricesMayNot() {
        assertThat(calcs.parse(replace("delta_1545", "-0.9900"))).isTrue();
        assertThat(calcs.parse(replace("vwap", "-1.0000"))).isFalse();
    }

    @Test
    void rejectsAWrongFieldCount() {
        assertThat(calcs.parse(GOOD.substring(0, GOOD.length() - 1))).isFalse();
        assertThat(calcs.reason()).isEqualTo("expected 34 fields as in the header, found 33");
        assertThat(calcs.parse(GOOD + ",extra")).isFalse();
        assertThat(calcs.reason()).isEqualTo("expected 34 fields as in the header, found 35");
    }

    @Test
    void aControlCharacterInAnyFieldRejectsTheLineNamingFieldAndCode() {
        // a NUL inside a symbol would have made a new root in silver
        assertThat(calcs.parse(replace("root", "AA\0PL"))).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+0000 in field root");
        // at a number's end, trimming would have dropped it unseen
        assertThat(calcs.parse(replace("ask_1545", "53.4000\0"))).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+0000 in field ask_1545");
        assertThat(calcs.parse(replace("underlying_symbol", "\u0001^SPX"))).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+0001 in field underlying_symbol");
        assertThat(calcs.parse(replace("root", "SPXW\u007f"))).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+007F in field root");
        // the last field, empty but for the character
        assertThat(calcs.parse(GOOD + "\u001b")).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+001B in field delivery_code");
        // inside quotes too
        assertThat(calcs.parse(GOOD.replace("^SPX,", "\"^S\u0007PX\","))).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+0007 in field underlying_symbol");
        for (char c = 0; c < 0x20; c++) {
            if (c != '\t') {
                assertThat(calcs.parse(replace("open_interest", "12" + c + "34"))).as("U+%04X", (int) c).isFalse();
                assertThat(calcs.reason()).isEqualTo(String.format("control character U+%04X in field open_interest",
                        (int) c));
            }
        }
        assertThat(calcs.values()).isNull();
    }

    @Test
    void aControlCharacterInALineOfTheWrongFieldCountNamesTheFieldByNumber() {
        assertThat(calcs.parse("^SPX,2024\0-01-02,extra")).isFalse();
        assertThat(calcs.reason()).isEqualTo("control character U+0000 in field 2 (of 3; the header has 34)");
    }

    @Test
    void aTabIsNoControlCharacterHereButANumberHoldingOneDoesNotParse() {
        // around a field a tab is trimmed as a space is
        assertThat(calcs.parse(replace("ask_1545", "\t53.4000\t"))).as(calcs.reason()).isTrue();
        assertThat(value("ask_1545")).isEqualTo(53.4);
        assertThat(calcs.parse(replace("ask_1545", "53.4\t000"))).isFalse();
        assertThat(calcs.reason()).isEqualTo("ask_1545 is not a number: '53.4\t000'");
        assertThat(calcs.parse(replace("open_interest", "12\t34"))).isFalse();
        assertThat(calcs.reason()).isEqualTo("open_interest is not an integer: '12\t34'");
    }

    @Test
    void crlfLinesReachTheParserWithoutTheirCarriageReturn() throws Exception {
        try (LineReader r = new LineReader(new java.io.StringReader(GOOD + "\r\n" + GOOD + "\r\n"), 1 << 16)) {
            assertThat(calcs.parse(r.readLine())).as(calcs.reason()).isTrue();
            assertThat(calcs.parse(r.readLine())).as(calcs.reason()).isTrue();
            assertThat(r.readLine()).isNull();
        }
    }

    @Test
    void sameDayExpirationIsAccepted() {
        assertThat(calcs.parse(replace("expiration", "2024-01-02"))).isTrue();
    }

    @Test
    void emptyOptionalNumbersAreUnknownNotZero() {
        assertThat(calcs.parse(replace("vwap", ""))).isTrue();
        assertThat(value("vwap")).isNull();
    }

    @Test
    void quotedFieldsAreUnquoted() {
        assertThat(calcs.parse(GOOD.replace("^SPX,", "\"^SPX\","))).isTrue();
        assertThat(value("underlying_symbol")).isEqualTo("^SPX");
    }

    @Test
    void splitterCountsTrailingEmptyFields() {
        CsvLineSplitter s = new CsvLineSplitter();
        assertThat(s.split("a,,b,")).isEqualTo(4);
        assertThat(List.of(s.field(0), s.field(1), s.field(2), s.field(3))).containsExactly("a", "", "b", "");
        assertThat(s.split("\"x,y\",\"he said \"\"hi\"\"\"")).isEqualTo(2);
        assertThat(s.field(0)).isEqualTo("x,y");
        assertThat(s.field(1)).isEqualTo("he said \"hi\"");
        assertThat(s.split("")).isEqualTo(1);
    }

    @Test
    void isoDatesAreParsedStrictlyLikeLocalDateParse() {
        java.time.LocalDate day = java.time.LocalDate.of(2023, 12, 25);
        for (int i = 0; i < 800; i++, day = day.plusDays(1)) {
            assertThat(OptionRowParser.isoDate(day.toString())).isEqualTo(day);
        }
        for (String bad : List.of("2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-02",
                "2024/01/02", "24-01-2024", "2024-01-0x", "+024-01-02", "2024-01-022", "")) {
            assertThat(OptionRowParser.isoDate(bad)).as(bad).isNull();
        }
        // a date after another on the same field is not served from the previous line's
        assertThat(calcs.parse(GOOD)).isTrue();
        assertThat(calcs.parse(GOOD.replace(",2024-01-19,", ",2024-01-26,"))).isTrue();
        assertThat(value("expiration")).isEqualTo(java.time.LocalDate.of(2024, 1, 26));
    }
}
