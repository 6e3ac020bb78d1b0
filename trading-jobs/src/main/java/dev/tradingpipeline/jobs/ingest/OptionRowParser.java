package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Turns one data line of a Cboe EOD file into typed values in the Calcs column order (Quotes
 * files leave the eight calculation columns null), or says why the line is rejected.
 *
 * <p>A line is rejected when its field count differs from the header's, a date or number does
 * not parse, option_type is not C or P, the strike is not positive, expiration is before
 * quote_date, a price, size, volume or open interest is negative, or underlying_symbol or root
 * is empty, or a field holds a control character (U+0000 to U+001F but tab, or U+007F: the
 * reason names the field and the character's code). An empty non-key number is kept as null
 * (unknown). One instance per file; not thread-safe.
 */
public final class OptionRowParser {

    private static final int COLUMNS = CboeLayout.CALCS_COLUMNS.size();
    private static final int QUOTE_DATE = CboeLayout.CALCS_COLUMNS.indexOf("quote_date");
    private static final int EXPIRATION = CboeLayout.CALCS_COLUMNS.indexOf("expiration");

    private final List<String> fileColumns;
    /** For each field of the file, its position in the Calcs order. */
    private final int[] target;
    private final Kind[] kinds;
    private final CsvLineSplitter splitter = new CsvLineSplitter();
    /** Per field, the last date text seen and its value: dates repeat line after line. */
    private final String[] lastDateText;
    private final LocalDate[] lastDate;

    private Object[] values;
    private String reason;

    private enum Kind { STRING, DATE, STRIKE, INT, LONG, DOUBLE, SIGNED_DOUBLE }

    public OptionRowParser(CboeLayout.Variant variant) {
        this.fileColumns = variant.columns();
        this.target = new int[fileColumns.size()];
        this.kinds = new Kind[fileColumns.size()];
        for (int i = 0; i < fileColumns.size(); i++) {
            String name = fileColumns.get(i);
            target[i] = CboeLayout.CALCS_COLUMNS.indexOf(name);
            kinds[i] = kindOf(name);
        }
        this.lastDateText = new String[fileColumns.size()];
        this.lastDate = new LocalDate[fileColumns.size()];
    }

    private static Kind kindOf(String column) {
        DataType t = OptionEodSchema.typeOf(column);
        if (t.equals(DataTypes.StringType)) {
            return Kind.STRING;
        }
        if (t.equals(DataTypes.DateType)) {
            return Kind.DATE;
        }
        if (t.equals(OptionEodSchema.STRIKE_TYPE)) {
            return Kind.STRIKE;
        }
        if (t.equals(DataTypes.IntegerType)) {
            return Kind.INT;
        }
        if (t.equals(DataTypes.LongType)) {
            return Kind.LONG;
        }
        return OptionEodSchema.SIGNED.contains(column) ? Kind.SIGNED_DOUBLE : Kind.DOUBLE;
    }

    /**
     * Parses a line. Returns true when it is accepted ({@link #values()} holds the typed values),
     * false when rejected ({@link #reason()} says why).
     */
    public boolean parse(String line) {
        values = null;
        reason = null;
        // one pass over the chars before any splitting: trim() would drop a control character at
        // a field's end unseen, and one inside a symbol would make a new root or underlying
        for (int i = 0, len = line.length(); i < len; i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return rejectControlCharacter(line, i);
            }
        }
        int n = splitter.split(line);
        if (n != fileColumns.size()) {
            return reject("expected " + fileColumns.size() + " fields as in the header, found " + n);
        }
        Object[] out = new Object[COLUMNS];
        for (int i = 0; i < n; i++) {
            String raw = trim(splitter.field(i));
            String column = fileColumns.get(i);
            Object v;
            switch (kinds[i]) {
                case STRING:
                    if (raw.isEmpty() && (column.equals("underlying_symbol") || column.equals("root"))) {
                        return reject(column + " is empty");
                    }
                    if (column.equals("option_type")) {
                        if (raw.length() != 1 || (raw.charAt(0) != 'C' && raw.charAt(0) != 'P')) {
                            return reject("option_type must be C or P, found '" + raw + "'");
                        }
                    }
                    v = raw.isEmpty() && column.equals("delivery_code") ? null : raw;
                    break;
                case DATE:
                    v = date(i, raw);
                    if (v == null) {
                        return reject(column + " is not a date (yyyy-MM-dd): '" + raw + "'");
                    }
                    break;
                case STRIKE:
                    BigDecimal strike = strike(raw);
                    if (strike == null) {
                        return reject("strike is not a number with at most 3 decimals: '" + raw + "'");
                    }
                    if (strike.signum() <= 0) {
                        return reject("strike must be positive, found " + raw);
                    }
                    v = strike;
                    break;
                case INT:
                case LONG:
                    if (raw.isEmpty()) {
                        v = null;
                        break;
                    }
                    long l;
                    try {
                        l = Long.parseLong(raw);
                    } catch (NumberFormatException e) {
                        return reject(column + " is not an integer: '" + raw + "'");
                    }
                    if (l < 0) {
                        return reject(column + " is negative: " + raw);
                    }
                    if (kinds[i] == Kind.INT) {
                        if (l > Integer.MAX_VALUE) {
                            return reject(column + " is too large: " + raw);
                        }
                        v = (int) l;
                    } else {
                        v = l;
                    }
                    break;
                default:
                    if (raw.isEmpty()) {
                        v = null;
                        break;
                    }
                    double d;
                    try {
                        d = DecimalText.parse(raw);
                    } catch (NumberFormatException e) {
                        return reject(column + " is not a number: '" + raw + "'");
                    }
                    if (!Double.isFinite(d)) {
                        return reject(column + " is not a finite number: '" + raw + "'");
                    }
                    if (d < 0 && kinds[i] == Kind.DOUBLE) {
                        return reject(column + " is negative: " + raw);
                    }
                    v = d;
                    break;
            }
            out[target[i]] = v;
        }
        LocalDate quoteDate = (LocalDate) out[QUOTE_DATE];
        LocalDate expiration = (LocalDate) out[EXPIRATION];
        if (expiration.isBefore(quoteDate)) {
            return reject("expiration " + expiration + " is before quote_date " + quoteDate);
        }
        values = out;
        return true;
    }

    private boolean reject(String why) {
        reason = why;
        return false;
    }

    /** Names the field holding the control character at {@code at} (the rare path: splits again). */
    private boolean rejectControlCharacter(String line, int at) {
        String code = String.format(Locale.ROOT, "U+%04X", (int) line.charAt(at));
        // the character is in the last field of the text before it
        int field = splitter.split(line.substring(0, at)) - 1;
        int fields = splitter.split(line);
        // a line of the wrong field count has no reliable column names: its field's number then
        String name = fields == fileColumns.size() ? fileColumns.get(field)
                : (field + 1) + " (of " + fields + "; the header has " + fileColumns.size() + ")";
        return reject("control character " + code + " in field " + name);
    }

    private static String trim(String field) {
        int n = field.length();
        return n == 0 || (field.charAt(0) > ' ' && field.charAt(n - 1) > ' ') ? field : field.trim();
    }

    private LocalDate date(int field, String raw) {
        if (raw.equals(lastDateText[field])) {
            return lastDate[field];
        }
        LocalDate d = isoDate(raw);
        if (d != null) {
            lastDateText[field] = raw;
            lastDate[field] = d;
        }
        return d;
    }

    /** A yyyy-MM-dd date, or null when the text is not one (a valid calendar date included). */
    static LocalDate isoDate(String raw) {
        if (raw.length() != 10 || raw.charAt(4) != '-' || raw.charAt(7) != '-') {
            return null;
        }
        int year = digits(raw, 0, 4);
        int month = digits(raw, 5, 7);
        int day = digits(raw, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static BigDecimal strike(String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            BigDecimal b = new BigDecimal(raw);
            b = b.setScale(3, RoundingMode.UNNECESSARY);
            return b.precision() > OptionEodSchema.STRIKE_TYPE.precision() ? null : b;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** Typed values of the last accepted line, in the Calcs column order. */
    public Object[] values() {
        return values;
    }

    /** Why the last line was rejected. */
    public String reason() {
        return reason;
    }

    /** Field names in the Calcs order, matching {@link #values()}. */
    public static List<String> columns() {
        return OptionEodSchema.DATA_FIELDS.stream().map(StructField::name).toList();
    }
}
