package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The silver columns the engine reads, in the order {@link DayBlocks} packs them.
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

    private ChainRows() {
    }

    /** The projection, strike as a double (silver keeps it DECIMAL for exact keys). */
    public static Column[] columns() {
        return COLUMNS.stream()
                .map(c -> c.equals("strike") ? col(c).cast("double").as(c) : col(c))
                .toArray(Column[]::new);
    }

    /** The underlying's price from its bid and ask, else the active price (the convention above). */
    static double underlyingPrice(double bid, double ask, double active) {
        return bid > 0 && ask > 0 ? (bid + ask) / 2 : active;
    }

    /** The underlying's close by the same convention, as a column of silver's rows. */
    static Column underlyingClose() {
        return functions.when(col("underlying_bid_eod").gt(0).and(col("underlying_ask_eod").gt(0)),
                col("underlying_bid_eod").plus(col("underlying_ask_eod")).divide(2))
                .otherwise(col("active_underlying_price_1545"));
    }

    /** LocalDate with {@code spark.sql.datetime.java8API.enabled}, java.sql.Date without. */
    static LocalDate toDate(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }
}
