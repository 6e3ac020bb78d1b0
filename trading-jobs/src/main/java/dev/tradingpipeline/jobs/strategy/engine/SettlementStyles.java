package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.TradingCalendar;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Which option roots are AM-settled, and the published settlement values to settle them at.
 *
 * <p>An AM-settled option (SPX monthlies, root {@code SPX}) stops trading the trading day before
 * its expiration and settles at the special opening quotation (SOQ) of its expiration morning;
 * every other root (SPXW, equities, ETFs) is PM-settled at the underlying's price of the expiry
 * day. Plain and small, so that it travels to Spark executors with the tasks.
 *
 * @param amRoots option roots settled AM, e.g. SPX
 * @param values settlement values by {@link #key(String, LocalDate)}: symbol (an option root
 *     such as SPX, or the underlying as in the data, such as ^SPX) and date
 */
public record SettlementStyles(Set<String> amRoots, Map<String, Double> values) implements Serializable {

    /**
     * SPX, NDX, RUT and VIX: the AM-settled standard roots. XSP is left out: it has had AM- and
     * PM-settled series, so it is PM unless configured otherwise.
     */
    public static final List<String> DEFAULT_AM_ROOTS = List.of("SPX", "NDX", "RUT", "VIX");

    /** The default AM roots and no settlement table. */
    public static final SettlementStyles DEFAULT = new SettlementStyles(Set.copyOf(DEFAULT_AM_ROOTS), Map.of());

    public SettlementStyles {
        amRoots = Set.copyOf(amRoots);
        values = Map.copyOf(values);
    }

    public static String key(String symbol, LocalDate date) {
        return symbol + "|" + date;
    }

    public boolean isAm(ContractKey contract) {
        return amRoots.contains(contract.root());
    }

    /** The published value for {@code symbol} on {@code date}, if the table has one. */
    public OptionalDouble value(String symbol, LocalDate date) {
        Double v = values.get(key(symbol, date));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * The first day an AM option can no longer be traded: its expiration, or for an expiration
     * dated on a weekend (standard monthlies were dated Saturdays before 2015) the Friday before,
     * whose morning carried the SOQ. Exchange holidays are not known here.
     */
    public static LocalDate noTradingFrom(LocalDate expiration) {
        Objects.requireNonNull(expiration, "expiration");
        // a Saturday-dated monthly, or one dated on an exchange holiday, stops on the trading day before
        return TradingCalendar.NYSE.lastTradingDayOnOrBefore(expiration);
    }
}
