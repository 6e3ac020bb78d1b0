package dev.tradingpipeline.core.cboe;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The Cboe DataShop "Option EOD Summary" file layout: the two variants, their headers and how
 * the vendor names the files.
 */
public final class CboeLayout {

    /** Full layout, 34 columns, greeks included ("Calcs" files). */
    public static final List<String> CALCS_COLUMNS = List.of(
            "underlying_symbol", "quote_date", "root", "expiration", "strike", "option_type",
            "open", "high", "low", "close", "trade_volume",
            "bid_size_1545", "bid_1545", "ask_size_1545", "ask_1545",
            "underlying_bid_1545", "underlying_ask_1545",
            "implied_underlying_price_1545", "active_underlying_price_1545",
            "implied_volatility_1545", "delta_1545", "gamma_1545", "theta_1545", "vega_1545",
            "rho_1545",
            "bid_size_eod", "bid_eod", "ask_size_eod", "ask_eod",
            "underlying_bid_eod", "underlying_ask_eod", "vwap", "open_interest", "delivery_code");

    /** The eight columns that only Calcs files carry. */
    public static final List<String> CALCS_ONLY_COLUMNS = List.of(
            "implied_underlying_price_1545", "active_underlying_price_1545",
            "implied_volatility_1545", "delta_1545", "gamma_1545", "theta_1545", "vega_1545",
            "rho_1545");

    /** Quotes layout, 26 columns: the Calcs layout without the eight 1545 calculation columns. */
    public static final List<String> QUOTES_COLUMNS = CALCS_COLUMNS.stream()
            .filter(c -> !CALCS_ONLY_COLUMNS.contains(c))
            .toList();

    /** The two variants the vendor ships. */
    public enum Variant {
        CALCS("UnderlyingOptionsEODCalcs", CALCS_COLUMNS),
        QUOTES("UnderlyingOptionsEODQuotes", QUOTES_COLUMNS);

        private final String filePrefix;
        private final List<String> columns;

        Variant(String filePrefix, List<String> columns) {
            this.filePrefix = filePrefix;
            this.columns = columns;
        }

        public String filePrefix() {
            return filePrefix;
        }

        public List<String> columns() {
            return columns;
        }

        public String header() {
            return String.join(",", columns);
        }

        /** The vendor's file name for a day, without compression suffix: {@code <prefix>_yyyy-MM-dd.csv}. */
        public String csvFileName(LocalDate day) {
            return filePrefix + "_" + day + ".csv";
        }
    }

    private static final Pattern FILE_NAME = Pattern.compile(
            "(UnderlyingOptionsEOD(?:Calcs|Quotes))_(\\d{4}-\\d{2}-\\d{2})(.*)\\.(csv|csv\\.gz|zip)",
            Pattern.CASE_INSENSITIVE);

    private CboeLayout() {
    }

    /** True for names the landing reader picks up: {@code .csv}, {@code .csv.gz} and {@code .zip}. */
    public static boolean isLandingFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".csv.gz") || n.endsWith(".zip");
    }

    /** The trading day a vendor-named file is for, when its name says so. */
    public static Optional<LocalDate> dayOfFileName(String name) {
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(m.group(2)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The variant whose header this is (case and surrounding blanks ignored), if any. */
    public static Optional<Variant> variantOfHeader(List<String> header) {
        List<String> normalized = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (Variant v : Variant.values()) {
            if (v.columns().equals(normalized)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
