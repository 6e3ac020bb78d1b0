package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The underlying price an expiring option settles at, by its root's style (see
 * {@link SettlementStyles}). PM: the underlying's price of the settlement day (the close, or for an
 * index the 15:45 level, see {@link DayChain#underlyingPriceEod()}). AM: the settlement table's
 * value for the option's root or underlying on its expiration (or on the settlement day), else,
 * as an approximation noted once per contract, the underlying's close of the last day in the data
 * before the settlement day: the morning's opening quotation is not in end-of-day data.
 *
 * <p>One instance per engine: it remembers the previous day's close ({@link #dayEnded}). A PM
 * option whose settlement day has no underlying price (a day without rows in the job's pruned
 * scan) settles at that last close, noted once per contract.
 */
final class SettlementPrices {

    private final SettlementStyles styles;
    private final Notes notes;
    private final Set<ContractKey> noted = new HashSet<>();
    private LocalDate previousDate;
    private double previousClose = Double.NaN;

    SettlementPrices(SettlementStyles styles, Notes notes) {
        this.styles = styles;
        this.notes = notes;
    }

    double price(ContractKey contract, DayChain day) {
        if (!styles.isAm(contract)) {
            if (Double.isFinite(day.underlyingPriceEod()) || !Double.isFinite(previousClose)) {
                return day.underlyingPriceEod();
            }
            // a settlement day without the underlying's price (no row in the pruned scan)
            if (noted.add(contract)) {
                notes.add(String.format(Locale.ROOT, "%s settled at %.4f, the underlying's close of %s: the data"
                        + " has no price of the underlying on its settlement day %s", contract.describe(),
                        previousClose, previousDate, day.date()));
            }
            return previousClose;
        }
        for (LocalDate date : new LocalDate[] {contract.expiration(), day.date()}) {
            for (String symbol : new String[] {contract.root(), day.underlying()}) {
                OptionalDouble v = styles.value(symbol, date);
                if (v.isPresent()) {
                    return v.getAsDouble();
                }
            }
        }
        boolean havePrevious = previousDate != null && previousDate.isBefore(day.date())
                && Double.isFinite(previousClose);
        double price = havePrevious ? previousClose : day.underlyingPriceEod();
        if (noted.add(contract)) {
            notes.add(String.format(Locale.ROOT, "%s is AM-settled and the settlement table has no value for it:"
                    + " settled at %.4f, the underlying's close of %s, an approximation of the opening settlement"
                    + " value", contract.describe(), price, havePrevious ? previousDate : day.date()));
        }
        return price;
    }

    /** False on and after the day an AM option stops trading. */
    boolean tradable(ContractKey contract, LocalDate date) {
        return !styles.isAm(contract) || date.isBefore(SettlementStyles.noTradingFrom(contract.expiration()));
    }

    /** The underlying's close of the last day that had one before today (NaN before any). */
    double lastClose() {
        return previousClose;
    }

    /** Remembers the day's close; a day without one keeps the last day that had one. */
    void dayEnded(DayChain day) {
        if (Double.isFinite(day.underlyingPriceEod())) {
            previousDate = day.date();
            previousClose = day.underlyingPriceEod();
        }
    }
}
