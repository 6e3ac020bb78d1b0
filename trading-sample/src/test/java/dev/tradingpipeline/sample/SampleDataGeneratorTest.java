package dev.tradingpipeline.sample;

import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.cboe.CboeLayout.Variant;
import dev.tradingpipeline.sample.SampleDataGenerator.GenerationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleDataGeneratorTest {

    private static final List<String> UNDERLYINGS = List.of("^SPX", "SPY", "AAPL", "MSFT", "NVDA");
    private static final LocalDate START = LocalDate.of(2024, 1, 2);
    private static final Pattern STRIKE = Pattern.compile("\\d+\\.\\d{3}");
    private static final Pattern DECIMAL4 = Pattern.compile("-?\\d+\\.\\d{4}");
    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final Pattern PROGRESS = Pattern.compile(
            "wrote UnderlyingOptionsEOD(Calcs|Quotes)_\\d{4}-\\d{2}-\\d{2}\\.(csv|csv\\.gz|zip) "
                    + "\\(\\d{1,3}(,\\d{3})* rows, \\d+\\.\\d MB\\)");

    @TempDir
    Path tmp;

    private static SampleSpec spec(LocalDate start, int days, int rows, Compression compression, Variant variant) {
        return new SampleSpec(start, days, rows, 42L, compression, variant, UNDERLYINGS);
    }

    private static SampleSpec spec(int days, int rows, Compression compression) {
        return spec(START, days, rows, compression, Variant.CALCS);
    }

    // ---------------------------------------------------------------------------------------
    // Layout and row counts

    @ParameterizedTest
    @EnumSource(Variant.class)
    void writesVendorHeaderAndExactRowCountPerVariant(Variant variant) throws IOException {
        List<String> messages = new ArrayList<>();
        GenerationResult result = new SampleDataGenerator(spec(START, 2, 3_001, Compression.CSV, variant))
                .generate(tmp, messages::add);

        assertThat(result.written()).extracting(p -> p.getFileName().toString()).containsExactly(
                variant.filePrefix() + "_2024-01-02.csv", variant.filePrefix() + "_2024-01-03.csv");
        assertThat(result.skipped()).isEmpty();
        assertThat(result.rowsWritten()).isEqualTo(6_002);
        long sizes = 0;
        for (Path file : result.written()) {
            List<String> lines = lines(file);
            assertThat(lines.get(0)).isEqualTo(variant.header());
            assertThat(lines).hasSize(3_002);
            for (String line : lines) {
                assertThat(line.split(",", -1)).hasSize(variant.columns().size());
            }
            sizes += Files.size(file);
        }
        assertThat(result.bytesWritten()).isEqualTo(sizes);
        assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m).matches(PROGRESS));
        assertThat(messages.get(0)).startsWith("wrote " + variant.filePrefix() + "_2024-01-02.csv (3,001 rows, ");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 999, 20_001})
    void writesExactlyTheRequestedRowsForAnyBudget(int rows) throws IOException {
        GenerationResult result = new SampleDataGenerator(spec(1, rows, Compression.CSV)).generate(tmp, null);

        assertThat(result.rowsWritten()).isEqualTo(rows);
        assertThat(lines(result.written().get(0))).hasSize(rows + 1);
    }

    @Test
    void largeBudgetsDensifyTheGridInsteadOfReachingAbsurdStrikes() throws IOException {
        SampleSpec big = new SampleSpec(START, 1, 60_000, 42L, Compression.CSV, Variant.QUOTES, List.of("^SPX"));
        Path file = new SampleDataGenerator(big).generate(tmp, null).written().get(0);

        List<String[]> rows = rows(file);
        assertThat(rows).hasSize(60_000);
        assertThat(rows).allSatisfy(r -> assertThat(Double.parseDouble(r[4])).isBetween(470.0, 47_000.0));
    }

    // ---------------------------------------------------------------------------------------
    // Calendar

    @Test
    void skipsWeekends() throws IOException {
        LocalDate friday = LocalDate.of(2024, 1, 5);
        SampleDataGenerator generator = new SampleDataGenerator(spec(friday, 3, 50, Compression.CSV, Variant.CALCS));

        assertThat(generator.tradingDays()).containsExactly(
                friday, LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 9));
        GenerationResult result = generator.generate(tmp, null);
        assertThat(result.written()).extracting(p -> p.getFileName().toString()).containsExactly(
                "UnderlyingOptionsEODCalcs_2024-01-05.csv",
                "UnderlyingOptionsEODCalcs_2024-01-08.csv",
                "UnderlyingOptionsEODCalcs_2024-01-09.csv");
        for (int i = 0; i < 3; i++) {
            String day = generator.tradingDays().get(i).toString();
            assertThat(rows(result.written().get(i))).allSatisfy(r -> assertThat(r[1]).isEqualTo(day));
        }
    }

    @Test
    void weekendStartBeginsOnMonday() {
        SampleDataGenerator generator = new SampleDataGenerator(
                spec(LocalDate.of(2024, 1, 6), 2, 10, Compression.CSV, Variant.CALCS));

        assertThat(generator.tradingDays()).containsExactly(LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 9));
    }

    @Test
    void expirationsAreFridaysFromTheQuoteDateOnIncludingSameDay() throws IOException {
        LocalDate friday = LocalDate.of(2024, 1, 5);
        Path file = new SampleDataGenerator(spec(friday, 1, 20_000, Compression.CSV, Variant.CALCS))
                .generate(tmp, null).written().get(0);

        List<LocalDate> expirations = rows(file).stream().map(r -> LocalDate.parse(r[3])).distinct().sorted().toList();
        assertThat(expirations.get(0)).isEqualTo(friday);
        assertThat(expirations).allSatisfy(e -> assertThat(e.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY));
        assertThat(expirations.get(expirations.size() - 1)).isBetween(friday.plusMonths(11), friday.plusYears(1));
        // Weeklies for six weeks: every Friday up to 2024-02-16 is present.
        for (LocalDate f = friday; !f.isAfter(friday.plusWeeks(6)); f = f.plusWeeks(1)) {
            assertThat(expirations).contains(f);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Determinism

    @ParameterizedTest
    @EnumSource(Compression.class)
    void sameSpecGivesByteIdenticalFiles(Compression compression) throws IOException {
        SampleSpec spec = spec(2, 2_000, compression);
        GenerationResult a = new SampleDataGenerator(spec).generate(tmp.resolve("a"), null);
        GenerationResult b = new SampleDataGenerator(spec).generate(tmp.resolve("b"), null);

        assertThat(a.written()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(Files.mismatch(a.written().get(i), b.written().get(i))).isEqualTo(-1L);
        }
    }

    @Test
    void dayContentDoesNotDependOnHowManyDaysAreRequested() throws IOException {
        GenerationResult three = new SampleDataGenerator(spec(3, 2_000, Compression.CSV)).generate(tmp.resolve("3"), null);
        GenerationResult five = new SampleDataGenerator(spec(5, 2_000, Compression.CSV)).generate(tmp.resolve("5"), null);

        for (int i = 0; i < 3; i++) {
            assertThat(Files.mismatch(three.written().get(i), five.written().get(i)))
                    .as("day %d", i + 1).isEqualTo(-1L);
        }
    }

    @Test
    void otherSeedGivesOtherData() throws IOException {
        Path a = new SampleDataGenerator(spec(1, 500, Compression.CSV)).generate(tmp.resolve("a"), null).written().get(0);
        SampleSpec other = new SampleSpec(START, 1, 500, 43L, Compression.CSV, Variant.CALCS, UNDERLYINGS);
        Path b = new SampleDataGenerator(other).generate(tmp.resolve("b"), null).written().get(0);

        assertThat(Files.mismatch(a, b)).isNotEqualTo(-1L);
    }

    @Test
    void quotesFilesAreCalcsFilesWithoutTheCalcColumns() throws IOException {
        Path calcs = new SampleDataGenerator(spec(START, 1, 1_500, Compression.CSV, Variant.CALCS))
                .generate(tmp.resolve("c"), null).written().get(0);
        Path quotes = new SampleDataGenerator(spec(START, 1, 1_500, Compression.CSV, Variant.QUOTES))
                .generate(tmp.resolve("q"), null).written().get(0);

        List<String> calcColumns = Variant.CALCS.columns();
        int[] keep = Variant.QUOTES.columns().stream().mapToInt(calcColumns::indexOf).toArray();
        List<String> projected = rows(calcs).stream()
                .map(r -> Arrays.stream(keep).mapToObj(i -> r[i]).collect(Collectors.joining(",")))
                .toList();
        List<String> quoteRows = rows(quotes).stream().map(r -> String.join(",", r)).toList();
        assertThat(quoteRows).isEqualTo(projected);
    }

    // ---------------------------------------------------------------------------------------
    // Compression

    @Test
    void gzipAndZipHoldTheSameCsv() throws IOException {
        Path csv = new SampleDataGenerator(spec(1, 1_000, Compression.CSV)).generate(tmp.resolve("csv"), null).written().get(0);
        Path gz = new SampleDataGenerator(spec(1, 1_000, Compression.GZIP)).generate(tmp.resolve("gz"), null).written().get(0);
        Path zip = new SampleDataGenerator(spec(1, 1_000, Compression.ZIP)).generate(tmp.resolve("zip"), null).written().get(0);

        assertThat(gz.getFileName().toString()).isEqualTo("UnderlyingOptionsEODCalcs_2024-01-02.csv.gz");
        assertThat(zip.getFileName().toString()).isEqualTo("UnderlyingOptionsEODCalcs_2024-01-02.zip");
        byte[] expected = Files.readAllBytes(csv);
        assertThat(content(gz)).isEqualTo(expected);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertThat(entry).isNotNull();
            assertThat(entry.getName()).isEqualTo("UnderlyingOptionsEODCalcs_2024-01-02.csv");
            assertThat(in.readAllBytes()).isEqualTo(expected);
            assertThat(in.getNextEntry()).isNull();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Row invariants

    @Test
    void everyRowIsPlausible() throws IOException {
        List<String> underlyings = List.of("^SPX", "SPY", "AAPL", "MSFT", "NVDA", "XYZ", "^RUT");
        SampleSpec spec = new SampleSpec(START, 3, 12_000, 7L, Compression.CSV, Variant.CALCS, underlyings);
        GenerationResult result = new SampleDataGenerator(spec).generate(tmp, null);

        List<String> columns = Variant.CALCS.columns();
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            col.put(columns.get(i), i);
        }
        List<String> decimals = List.of("open", "high", "low", "close", "bid_1545", "ask_1545",
                "underlying_bid_1545", "underlying_ask_1545", "implied_underlying_price_1545",
                "active_underlying_price_1545", "implied_volatility_1545", "delta_1545", "gamma_1545",
                "theta_1545", "vega_1545", "rho_1545", "bid_eod", "ask_eod", "underlying_bid_eod",
                "underlying_ask_eod", "vwap");
        List<String> integers = List.of("trade_volume", "bid_size_1545", "ask_size_1545", "bid_size_eod",
                "ask_size_eod", "open_interest");
        List<String> greeks = List.of("delta_1545", "gamma_1545", "theta_1545", "vega_1545", "rho_1545");

        // Plain checks collected into one list: 36k rows x 60 AssertJ calls would be slow.
        List<String> problems = new ArrayList<>();
        long total = 0;
        long failed = 0;
        long untraded = 0;
        Map<String, Long> perUnderlying = new HashMap<>();
        for (Path file : result.written()) {
            LocalDate day = CboeLayout.dayOfFileName(file.getFileName().toString()).orElseThrow();
            List<String> lines = lines(file);
            String[] previous = null;
            for (String line : lines.subList(1, lines.size())) {
                total++;
                Check check = new Check(problems, line);
                check.that(line.endsWith(","), "trailing comma");
                check.that(!line.contains("\"") && !line.contains("\r"), "no quotes or CR");
                String[] r = line.split(",", -1);
                if (!check.that(r.length == columns.size(), "column count")) {
                    continue;
                }
                String symbol = r[col.get("underlying_symbol")];
                perUnderlying.merge(symbol, 1L, Long::sum);
                check.that(underlyings.contains(symbol), "known underlying");
                check.that(r[col.get("quote_date")].equals(day.toString()), "quote_date is the file's day");
                String root = r[col.get("root")];
                LocalDate expiration = LocalDate.parse(r[col.get("expiration")]);
                check.that(!expiration.isBefore(day), "expiration >= quote_date");
                check.that(STRIKE.matcher(r[col.get("strike")]).matches(), "strike has 3 decimals");
                double strike = Double.parseDouble(r[col.get("strike")]);
                check.that(strike > 0, "strike > 0");
                String type = r[col.get("option_type")];
                check.that(type.equals("C") || type.equals("P"), "option_type C/P");
                check.that(r[col.get("delivery_code")].isEmpty(), "empty delivery_code");
                for (String c : decimals) {
                    check.that(DECIMAL4.matcher(r[col.get(c)]).matches(), c + " has 4 decimals");
                }
                for (String c : integers) {
                    check.that(INTEGER.matcher(r[col.get(c)]).matches(), c + " is a non-negative integer");
                }

                for (String side : List.of("1545", "eod")) {
                    double bid = Double.parseDouble(r[col.get("bid_" + side)]);
                    double ask = Double.parseDouble(r[col.get("ask_" + side)]);
                    check.that(bid >= 0 && ask > bid, "0 <= bid < ask " + side);
                    check.that(bid > 0 || r[col.get("bid_size_" + side)].equals("0"), "no bid size without bid");
                    check.that(!r[col.get("ask_size_" + side)].equals("0"), "ask size > 0");
                }

                double open = Double.parseDouble(r[col.get("open")]);
                double high = Double.parseDouble(r[col.get("high")]);
                double low = Double.parseDouble(r[col.get("low")]);
                double close = Double.parseDouble(r[col.get("close")]);
                double vwap = Double.parseDouble(r[col.get("vwap")]);
                if (r[col.get("trade_volume")].equals("0")) {
                    untraded++;
                    check.that(open == 0 && high == 0 && low == 0 && close == 0 && vwap == 0, "OHLC 0 without volume");
                } else {
                    check.that(low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close),
                            "low <= open, close <= high");
                    check.that(vwap >= low && vwap <= high, "low <= vwap <= high");
                }

                double active = Double.parseDouble(r[col.get("active_underlying_price_1545")]);
                double implied = Double.parseDouble(r[col.get("implied_underlying_price_1545")]);
                check.that(active > 0 && Math.abs(implied / active - 1) < 0.01, "implied ~ active underlying price");
                double underlyingBid = Double.parseDouble(r[col.get("underlying_bid_1545")]);
                double underlyingAsk = Double.parseDouble(r[col.get("underlying_ask_1545")]);
                double underlyingBidEod = Double.parseDouble(r[col.get("underlying_bid_eod")]);
                double underlyingAskEod = Double.parseDouble(r[col.get("underlying_ask_eod")]);
                if (symbol.startsWith("^")) {
                    String base = symbol.substring(1);
                    check.that(root.equals(TradingCalendar.isThirdFriday(expiration) ? base : base + "W"),
                            "index root: monthly SPX, weekly SPXW");
                    check.that(underlyingBid == 0 && underlyingAsk == 0 && underlyingBidEod == 0
                            && underlyingAskEod == 0, "index underlying bid/ask 0");
                } else {
                    check.that(root.equals(symbol), "equity root = symbol");
                    check.that(underlyingBid > 0 && underlyingBid < underlyingAsk
                            && underlyingBidEod > 0 && underlyingBidEod < underlyingAskEod, "underlying bid < ask");
                    check.that(active >= underlyingBid && active <= underlyingAsk, "active within underlying quote");
                }
                if (symbol.equals("^SPX")) {
                    check.that(root.equals("SPX") || root.equals("SPXW"), "SPX root");
                }

                double iv = Double.parseDouble(r[col.get("implied_volatility_1545")]);
                double delta = Double.parseDouble(r[col.get("delta_1545")]);
                if (iv == 0) {
                    failed++;
                    for (String g : greeks) {
                        check.that(Double.parseDouble(r[col.get(g)]) == 0, g + " 0 when IV is 0");
                    }
                } else {
                    check.that(iv >= 0.03 && iv <= 3.0, "IV in range");
                    check.that(type.equals("C") ? delta >= 0 && delta <= 1 : delta <= 0 && delta >= -1, "delta sign");
                    check.that(Double.parseDouble(r[col.get("gamma_1545")]) >= 0, "gamma >= 0");
                    check.that(Double.parseDouble(r[col.get("vega_1545")]) >= 0, "vega >= 0");
                }

                // Sorted by underlying, root, expiration, strike, then C before P; keys unique.
                if (previous != null) {
                    check.that(compareKeys(previous, r) < 0, "sorted after " + String.join(",", previous));
                }
                previous = r;
                if (problems.size() > 20) {
                    break;
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(total).isEqualTo(36_000);
        // About 0.5 % vendor calculation failures; most contracts do not trade.
        assertThat((double) failed / total).isBetween(0.002, 0.01);
        assertThat((double) untraded / total).isBetween(0.4, 0.95);
        // Index underlyings get a bigger share of the rows.
        assertThat(perUnderlying.get("^SPX")).isGreaterThan(2 * perUnderlying.get("AAPL"));
        assertThat(perUnderlying.get("^RUT")).isGreaterThan(2 * perUnderlying.get("XYZ"));
    }

    /** Order of the natural key within a day: underlying, root, expiration, strike, C before P. */
    private static int compareKeys(String[] a, String[] b) {
        int c = a[0].compareTo(b[0]);
        if (c == 0) {
            c = a[2].compareTo(b[2]);
        }
        if (c == 0) {
            c = a[3].compareTo(b[3]); // yyyy-MM-dd sorts as text
        }
        if (c == 0) {
            c = Double.compare(Double.parseDouble(a[4]), Double.parseDouble(b[4]));
        }
        if (c == 0) {
            c = a[5].compareTo(b[5]);
        }
        return c;
    }

    /** Collects failed row checks with the offending line. */
    private record Check(List<String> problems, String line) {
        boolean that(boolean ok, String what) {
            if (!ok) {
                problems.add(what + ": " + line);
            }
            return ok;
        }
    }

    @Test
    void pricesAndStrikesLookLikeTheRealMarketOnDayOne() throws IOException {
        Path file = new SampleDataGenerator(spec(1, 20_000, Compression.CSV)).generate(tmp, null).written().get(0);
        List<String[]> rows = rows(file);

        Map<String, Double> spot = new HashMap<>();
        for (String[] r : rows) {
            spot.putIfAbsent(r[0], Double.parseDouble(r[18]));
        }
        assertThat(spot.get("^SPX")).isBetween(4300.0, 5100.0);
        assertThat(spot.get("SPY")).isBetween(430.0, 510.0);
        assertThat(spot.get("AAPL")).isBetween(165.0, 205.0);
        assertThat(spot.get("MSFT")).isBetween(330.0, 410.0);
        assertThat(spot.get("NVDA")).isBetween(420.0, 540.0);
        // Near-term strike grids: SPX in 5s, SPY in 1s.
        LocalDate nearLimit = START.plusDays(60);
        assertThat(rows).filteredOn(r -> r[0].equals("^SPX") && !LocalDate.parse(r[3]).isAfter(nearLimit))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(Double.parseDouble(r[4]) % 5).isZero());
        assertThat(rows).filteredOn(r -> r[0].equals("SPY") && !LocalDate.parse(r[3]).isAfter(nearLimit))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(Double.parseDouble(r[4]) % 1).isZero());
        // Calls and puts at every strike.
        Map<String, Long> perStrike = rows.stream().collect(Collectors.groupingBy(
                r -> r[0] + r[2] + r[3] + r[4], Collectors.counting()));
        assertThat(perStrike.values()).containsOnly(2L);
    }

    // ---------------------------------------------------------------------------------------
    // Re-runs and partial files

    @Test
    void skipsDaysThatAlreadyExistInAnyForm() throws IOException {
        GenerationResult first = new SampleDataGenerator(spec(2, 300, Compression.CSV)).generate(tmp, null);
        // Day 3 arrives as a zip from somewhere else.
        Path foreignZip = tmp.resolve("UnderlyingOptionsEODCalcs_2024-01-04.zip");
        Files.write(foreignZip, new byte[] {1, 2, 3});
        byte[] firstDay = Files.readAllBytes(first.written().get(0));

        List<String> messages = new ArrayList<>();
        GenerationResult second = new SampleDataGenerator(spec(5, 300, Compression.GZIP)).generate(tmp, messages::add);

        assertThat(second.skipped()).containsExactly(first.written().get(0), first.written().get(1), foreignZip);
        assertThat(second.written()).extracting(p -> p.getFileName().toString()).containsExactly(
                "UnderlyingOptionsEODCalcs_2024-01-05.csv.gz", "UnderlyingOptionsEODCalcs_2024-01-08.csv.gz");
        assertThat(second.rowsWritten()).isEqualTo(600);
        assertThat(messages).hasSize(2);
        assertThat(Files.readAllBytes(first.written().get(0))).isEqualTo(firstDay);
        assertThat(Files.readAllBytes(foreignZip)).containsExactly(1, 2, 3);

        GenerationResult third = new SampleDataGenerator(spec(5, 300, Compression.CSV)).generate(tmp, null);
        assertThat(third.written()).isEmpty();
        assertThat(third.skipped()).hasSize(5);
        assertThat(third.rowsWritten()).isZero();
    }

    @Test
    void otherVariantIsNotAnExistingDay() throws IOException {
        new SampleDataGenerator(spec(START, 1, 100, Compression.CSV, Variant.QUOTES)).generate(tmp, null);
        GenerationResult calcs = new SampleDataGenerator(spec(START, 1, 100, Compression.CSV, Variant.CALCS))
                .generate(tmp, null);

        assertThat(calcs.written()).hasSize(1);
        assertThat(calcs.skipped()).isEmpty();
    }

    @Test
    void leavesOnlyLandingFilesAndReplacesStaleTemporaryFiles() throws IOException {
        Path dir = tmp.resolve("nested/landing");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".UnderlyingOptionsEODCalcs_2024-01-02.zip.part"), "half a file");

        new SampleDataGenerator(spec(2, 200, Compression.ZIP)).generate(dir, null);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "UnderlyingOptionsEODCalcs_2024-01-02.zip", "UnderlyingOptionsEODCalcs_2024-01-03.zip");
        }
    }

    // ---------------------------------------------------------------------------------------
    // Spec

    @Test
    void specRejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> new SampleSpec(START, 0, 10, 1, Compression.CSV, Variant.CALCS, UNDERLYINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days");
        assertThatThrownBy(() -> new SampleSpec(START, 1, 0, 1, Compression.CSV, Variant.CALCS, UNDERLYINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsPerDay");
        assertThatThrownBy(() -> new SampleSpec(START, 1, 10, 1, Compression.CSV, Variant.CALCS, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("underlyings");
        assertThatThrownBy(() -> new SampleSpec(START, 1, 10, 1, Compression.CSV, Variant.CALCS, List.of("A,B")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("underlyings");
        assertThatThrownBy(() -> new SampleSpec(START, 1, 10, 1, Compression.CSV, Variant.CALCS, List.of("SPY", "SPY")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new SampleSpec(null, 1, 10, 1, Compression.CSV, Variant.CALCS, UNDERLYINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startDate");
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        SampleSpec d = SampleSpec.defaults();

        assertThat(d.startDate()).isEqualTo(START);
        assertThat(d.days()).isEqualTo(20);
        assertThat(d.rowsPerDay()).isEqualTo(20_000);
        assertThat(d.seed()).isEqualTo(42L);
        assertThat(d.compression()).isEqualTo(Compression.CSV);
        assertThat(d.variant()).isEqualTo(Variant.CALCS);
        assertThat(d.underlyings()).containsExactlyElementsOf(UNDERLYINGS);
        assertThat(Compression.GZIP.suffix()).isEqualTo(".csv.gz");
    }

    // ---------------------------------------------------------------------------------------
    // Command line

    static Stream<Object[]> badArguments() {
        return Stream.of(
                new Object[] {new String[] {"--days", "2"}, "--out"},
                new Object[] {new String[] {"--out"}, "--out"},
                new Object[] {new String[] {"--out", "OUT", "--days", "abc"}, "--days"},
                new Object[] {new String[] {"--out", "OUT", "--days", "0"}, "--days"},
                new Object[] {new String[] {"--out", "OUT", "--rows-per-day", "-5"}, "--rows-per-day"},
                new Object[] {new String[] {"--out", "OUT", "--seed", "1.5"}, "--seed"},
                new Object[] {new String[] {"--out", "OUT", "--start", "2024-13-01"}, "--start"},
                new Object[] {new String[] {"--out", "OUT", "--compression", "rar"}, "--compression"},
                new Object[] {new String[] {"--out", "OUT", "--variant", "full"}, "--variant"},
                new Object[] {new String[] {"--out", "OUT", "--underlyings", ","}, "--underlyings"},
                new Object[] {new String[] {"--out", "OUT", "--bogus", "1"}, "--bogus"},
                new Object[] {new String[] {"--out=OUT", "extra"}, "extra"});
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void cliRejectsBadArgumentsWithExitCode2(String[] args, String named) {
        Path out = tmp.resolve("out");
        String[] resolved = Arrays.stream(args).map(a -> a.replace("OUT", out.toString())).toArray(String[]::new);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int code = SampleDataGenerator.run(resolved, new PrintStream(stdout, true), new PrintStream(stderr, true));

        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("error: ").contains(named);
        assertThat(out).doesNotExist();
    }

    @Test
    void cliGeneratesFilesAndReportsTotals() throws IOException {
        Path out = tmp.resolve("cli");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int code = SampleDataGenerator.run(new String[] {
            "--out", out.toString(), "--start", "2024-03-01", "--days", "2", "--rows-per-day", "1000",
            "--seed", "9", "--compression", "zip", "--variant", "quotes", "--underlyings", "^SPX, AAPL"},
                new PrintStream(stdout, true), new PrintStream(stderr, true));

        assertThat(code).isZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
        List<String> printed = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(printed).hasSize(3);
        assertThat(printed.get(0)).startsWith("wrote UnderlyingOptionsEODQuotes_2024-03-01.zip (1,000 rows, ");
        assertThat(printed.get(2)).matches("generated 2 files, 2,000 rows, \\d+\\.\\d MB in \\d+\\.\\ds");
        Path monday = out.resolve("UnderlyingOptionsEODQuotes_2024-03-04.zip");
        List<String> lines = lines(monday);
        assertThat(lines.get(0)).isEqualTo(Variant.QUOTES.header());
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsOnly("^SPX", "AAPL");
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    /** The CSV bytes of a landing file in any of the three forms. */
    private static byte[] content(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            if (name.endsWith(".gz")) {
                try (GZIPInputStream gz = new GZIPInputStream(in)) {
                    return gz.readAllBytes();
                }
            }
            if (name.endsWith(".zip")) {
                try (ZipInputStream zip = new ZipInputStream(in)) {
                    assertThat(zip.getNextEntry()).isNotNull();
                    byte[] bytes = zip.readAllBytes();
                    assertThat(zip.getNextEntry()).isNull();
                    return bytes;
                }
            }
            return in.readAllBytes();
        }
    }

    /** Lines including the header; asserts '\n' endings and a final newline. */
    private static List<String> lines(Path file) throws IOException {
        String text = new String(content(file), StandardCharsets.US_ASCII);
        assertThat(text).endsWith("\n").doesNotContain("\r");
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** Data rows split into fields (trailing empty delivery_code kept). */
    private static List<String[]> rows(Path file) throws IOException {
        List<String> lines = lines(file);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }
}
