package dev.tradingpipeline.sample;

import dev.tradingpipeline.core.cboe.CboeLayout;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link SampleDataGenerator} produces.
 *
 * @param startDate   first calendar day; weekends are skipped, so a Saturday start begins on Monday
 * @param days        number of trading days (Monday to Friday; market holidays are not modelled)
 * @param rowsPerDay  exact number of data lines in each daily file (header not counted)
 * @param seed        seed of every random choice: the same spec always gives byte-identical files
 * @param compression how the files are stored
 * @param variant     Calcs (with greeks) or Quotes layout
 * @param underlyings underlying symbols, index symbols with a leading {@code ^} (e.g. {@code ^SPX})
 */
public record SampleSpec(
        LocalDate startDate,
        int days,
        int rowsPerDay,
        long seed,
        Compression compression,
        CboeLayout.Variant variant,
        List<String> underlyings) {

    /** Symbols stay short and free of CSV specials, so rows never need quoting. */
    private static final Pattern SYMBOL = Pattern.compile("\\^?[A-Za-z0-9][A-Za-z0-9./_-]{0,19}");

    public SampleSpec {
        if (startDate == null) {
            throw new IllegalArgumentException("startDate must not be null");
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1, got " + days);
        }
        if (rowsPerDay < 1) {
            throw new IllegalArgumentException("rowsPerDay must be >= 1, got " + rowsPerDay);
        }
        if (compression == null) {
            throw new IllegalArgumentException("compression must not be null");
        }
        if (variant == null) {
            throw new IllegalArgumentException("variant must not be null");
        }
        if (underlyings == null || underlyings.isEmpty()) {
            throw new IllegalArgumentException("underlyings must not be empty");
        }
        Set<String> seen = new HashSet<>();
        for (String symbol : underlyings) {
            if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
                throw new IllegalArgumentException("underlyings: invalid symbol '" + symbol
                        + "' (letters, digits and . / _ -, optional leading ^, at most 21 characters)");
            }
            if (!seen.add(symbol)) {
                throw new IllegalArgumentException("underlyings: duplicate symbol '" + symbol + "'");
            }
        }
        underlyings = List.copyOf(underlyings);
    }

    /**
     * 20 trading days from 2024-01-02, 20,000 rows a day, seed 42, plain CSV, Calcs layout,
     * underlyings ^SPX, SPY, AAPL, MSFT, NVDA.
     */
    public static SampleSpec defaults() {
        return new SampleSpec(LocalDate.of(2024, 1, 2), 20, 20_000, 42L, Compression.CSV,
                CboeLayout.Variant.CALCS, List.of("^SPX", "SPY", "AAPL", "MSFT", "NVDA"));
    }
}
