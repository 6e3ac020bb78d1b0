package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;

import dev.tradingpipeline.jobs.strategy.DayChain;
import dev.tradingpipeline.jobs.strategy.OptionQuote;
import dev.tradingpipeline.jobs.strategy.OptionRight;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * Silver rows to the engine's types. Rows carry {@link #COLUMNS} at fixed positions from
 * {@code offset} on (a caller may put its own columns first).
 *
 * <p>The underlying's price: its 15:45 mid from {@code underlying_bid/ask_1545}, or for an index,
 * whose bid and ask the vendor leaves at 0 without a licence, {@code active_underlying_price_1545}.
 * At the close likewise from the {@code _eod} columns; an index has no end-of-day price in the
 * data, so its close falls back to the same 15:45 active price (expiry settlement of index
 * options then uses the 15:45 level).
 */
public final class ChainRows {

    public static final List<String> COLUMNS = List.of(
            "underlying_symbol", "quote_date", "root", "expiration", "strike", "option_type",
            "bid_1545", "ask_1545", "bid_eod", "ask_eod", "delta_1545", "implied_volatility_1545",
            "active_underlying_price_1545", "underlying_bid_1545", "underlying_ask_1545",
            "underlying_bid_eod", "underlying_ask_eod", "dte", "delivery_code");

    private static final int UNDERLYING = 0;
    private static final int DATE = 1;
    private static final int ROOT = 2;
    private static final int EXPIRATION = 3;
    private static final int STRIKE = 4;
    private static final int TYPE = 5;
    private static final int BID = 6;
    private static final int ASK = 7;
    private static final int BID_EOD = 8;
    private static final int ASK_EOD = 9;
    private static final int DELTA = 10;
    private static final int IV = 11;
    private static final int ACTIVE = 12;
    private static final int U_BID = 13;
    private static final int U_ASK = 14;
    private static final int U_BID_EOD = 15;
    private static final int U_ASK_EOD = 16;
    private static final int DTE = 17;
    private static final int DELIVERY_CODE = 18;

    private final int offset;

    public ChainRows(int offset) {
        this.offset = offset;
    }

    /** The projection, strike as a double (silver keeps it DECIMAL for exact keys). */
    public static Column[] columns() {
        return COLUMNS.stream()
                .map(c -> c.equals("strike") ? col(c).cast("double").as(c) : col(c))
                .toArray(Column[]::new);
    }

    public String underlying(Row r) {
        return r.getString(offset + UNDERLYING);
    }

    public LocalDate date(Row r) {
        return toDate(r.get(offset + DATE));
    }

    public OptionQuote quote(Row r) {
        LocalDate date = date(r);
        LocalDate expiration = toDate(r.get(offset + EXPIRATION));
        int dte = r.isNullAt(offset + DTE) ? (int) ChronoUnit.DAYS.between(date, expiration) : r.getInt(offset + DTE);
        return new OptionQuote(underlying(r), date, r.getString(offset + ROOT), expiration,
                number(r, STRIKE), OptionRight.fromCode(r.getString(offset + TYPE)),
                number(r, BID), number(r, ASK), number(r, BID_EOD), number(r, ASK_EOD),
                boxed(r, DELTA), boxed(r, IV), price1545(r), dte, r.getString(offset + DELIVERY_CODE));
    }

    public double price1545(Row r) {
        return price(r, U_BID, U_ASK);
    }

    public double priceEod(Row r) {
        return price(r, U_BID_EOD, U_ASK_EOD);
    }

    private double price(Row r, int bid, int ask) {
        double b = number(r, bid);
        double a = number(r, ask);
        return b > 0 && a > 0 ? (b + a) / 2 : number(r, ACTIVE);
    }

    /**
     * Assembles one underlying's days from rows sorted by date (and nothing else): each date's
     * rows become one {@link DayChain}, handed over when the next date (or {@link #finish}) comes;
     * or, for a portfolio's shard, each date's rows of each underlying.
     */
    public final class DayBuilder {
        private final List<OptionQuote> quotes = new ArrayList<>();
        private final boolean byUnderlying;
        private LocalDate date;
        private String underlying;
        private double spot1545;
        private double spotEod;

        /** For rows of one underlying, sorted by date. */
        public DayBuilder() {
            this(false);
        }

        /**
         * @param byUnderlying rows of several underlyings, sorted by date and grouped by underlying
         *     within a date (a portfolio's shard): a chain per date and underlying
         */
        public DayBuilder(boolean byUnderlying) {
            this.byUnderlying = byUnderlying;
        }

        /** Adds a row; returns the previous day's chain when this row starts a new day, else null. */
        public DayChain add(Row r) {
            LocalDate d = date(r);
            DayChain done = null;
            if (date != null && (!d.equals(date) || (byUnderlying && !underlying.equals(underlying(r))))) {
                done = finish();
            }
            if (date == null) {
                date = d;
                underlying = underlying(r);
                spot1545 = price1545(r);
                spotEod = priceEod(r);
            }
            quotes.add(quote(r));
            return done;
        }

        /** The day in progress, or null when there is none; the builder is then empty. */
        public DayChain finish() {
            if (date == null) {
                return null;
            }
            DayChain day = new DayChain(date, underlying, spot1545, spotEod, quotes);
            quotes.clear();
            date = null;
            return day;
        }
    }

    private double number(Row r, int i) {
        return r.isNullAt(offset + i) ? Double.NaN : ((Number) r.get(offset + i)).doubleValue();
    }

    private Double boxed(Row r, int i) {
        return r.isNullAt(offset + i) ? null : ((Number) r.get(offset + i)).doubleValue();
    }

    /** LocalDate with {@code spark.sql.datetime.java8API.enabled}, java.sql.Date without. */
    static LocalDate toDate(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }
}
