package dev.tradingpipeline.sample;

import dev.tradingpipeline.core.cboe.CboeLayout;

import java.io.IOException;
import java.util.Locale;

/** The header and the columns of a {@link CboeLayout.Variant}, and how an {@link OptionRow} fills them. */
final class RowFormat {

    /** The output columns, mapped from {@link CboeLayout} column names. */
    private enum Field {
        UNDERLYING_SYMBOL, QUOTE_DATE, ROOT, EXPIRATION, STRIKE, OPTION_TYPE,
        OPEN, HIGH, LOW, CLOSE, TRADE_VOLUME,
        BID_SIZE_1545, BID_1545, ASK_SIZE_1545, ASK_1545, UNDERLYING_BID_1545, UNDERLYING_ASK_1545,
        IMPLIED_UNDERLYING_PRICE_1545, ACTIVE_UNDERLYING_PRICE_1545, IMPLIED_VOLATILITY_1545,
        DELTA_1545, GAMMA_1545, THETA_1545, VEGA_1545, RHO_1545,
        BID_SIZE_EOD, BID_EOD, ASK_SIZE_EOD, ASK_EOD, UNDERLYING_BID_EOD, UNDERLYING_ASK_EOD,
        VWAP, OPEN_INTEREST, DELIVERY_CODE;

        static Field ofColumn(String column) {
            try {
                return valueOf(column.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("generator does not know column " + column, e);
            }
        }
    }

    private final CboeLayout.Variant variant;
    /** Output columns of the variant, in order. */
    private final Field[] fields;

    RowFormat(CboeLayout.Variant variant) {
        this.variant = variant;
        this.fields = variant.columns().stream().map(Field::ofColumn).toArray(Field[]::new);
    }

    /** Writes the header line. */
    void writeHeader(CsvWriter w) throws IOException {
        w.ascii(variant.header());
        w.newline();
    }

    /** Writes one data line. */
    void writeRow(CsvWriter w, OptionRow r) throws IOException {
        w.reserve(1024);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.comma();
            }
            switch (fields[i]) {
                case UNDERLYING_SYMBOL: w.bytes(r.symbol); break;
                case QUOTE_DATE: w.bytes(r.quoteDate); break;
                case ROOT: w.bytes(r.root); break;
                case EXPIRATION: w.bytes(r.expiration); break;
                case STRIKE: w.scaled(r.strikeMilli, 3); break;
                case OPTION_TYPE: w.put(r.type); break;
                case OPEN: w.scaled(r.open, 4); break;
                case HIGH: w.scaled(r.high, 4); break;
                case LOW: w.scaled(r.low, 4); break;
                case CLOSE: w.scaled(r.close, 4); break;
                case TRADE_VOLUME: w.integer(r.volume); break;
                case BID_SIZE_1545: w.integer(r.bidSize); break;
                case BID_1545: w.scaled(r.bid, 4); break;
                case ASK_SIZE_1545: w.integer(r.askSize); break;
                case ASK_1545: w.scaled(r.ask, 4); break;
                case UNDERLYING_BID_1545: w.scaled(r.uBid, 4); break;
                case UNDERLYING_ASK_1545: w.scaled(r.uAsk, 4); break;
                case IMPLIED_UNDERLYING_PRICE_1545: w.fixed4(r.impliedUnderlying); break;
                case ACTIVE_UNDERLYING_PRICE_1545: w.fixed4(r.activeUnderlying); break;
                case IMPLIED_VOLATILITY_1545: w.fixed4(r.iv); break;
                case DELTA_1545: w.fixed4(r.delta); break;
                case GAMMA_1545: w.fixed4(r.gamma); break;
                case THETA_1545: w.fixed4(r.theta); break;
                case VEGA_1545: w.fixed4(r.vega); break;
                case RHO_1545: w.fixed4(r.rho); break;
                case BID_SIZE_EOD: w.integer(r.bidSizeEod); break;
                case BID_EOD: w.scaled(r.bidEod, 4); break;
                case ASK_SIZE_EOD: w.integer(r.askSizeEod); break;
                case ASK_EOD: w.scaled(r.askEod, 4); break;
                case UNDERLYING_BID_EOD: w.scaled(r.uBidEod, 4); break;
                case UNDERLYING_ASK_EOD: w.scaled(r.uAskEod, 4); break;
                case VWAP: w.fixed4(r.vwap); break;
                case OPEN_INTEREST: w.integer(r.openInterest); break;
                case DELIVERY_CODE: break; // empty, hence the trailing comma
                default: throw new IllegalStateException("unhandled " + fields[i]);
            }
        }
        w.newline();
    }
}
