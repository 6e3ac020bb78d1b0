package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Position;
import java.util.List;

/**
 * Cash a position ties up: its worst value at expiry over the underlying's price, plus the debit
 * paid to open it. That gives the usual cash-account numbers: strike x 100 for a cash-secured
 * short put, the width x 100 for a credit spread or an iron condor (the wider side), the premium
 * for a long option or a debit spread, the stock's cost for a covered call.
 *
 * <p>Simplifications, said out loud: all option legs are valued at one common expiry (a calendar
 * is approximated); a risk without bound (a naked short call) is reserved as if the underlying
 * could double (twice the larger of spot and the highest strike).
 */
public final class Collateral {

    private Collateral() {
    }

    /** One leg as the calculation needs it; {@code right} null is the underlying. */
    public record Exposure(OptionRight right, double strike, int quantity) {
    }

    /**
     * @param debit cash paid to open (negative for a credit, which does not reduce the collateral)
     * @param spot underlying price, for the unbounded case
     */
    public static double of(List<Exposure> legs, double debit, double spot) {
        double top = spot;
        for (Exposure e : legs) {
            if (e.right() != null) {
                top = Math.max(top, e.strike());
            }
        }
        double worst = Math.min(terminalValue(legs, 0), terminalValue(legs, 2 * top));
        for (Exposure e : legs) {
            if (e.right() != null) {
                worst = Math.min(worst, terminalValue(legs, e.strike()));
            }
        }
        return Math.max(0, -worst) + Math.max(0, debit);
    }

    /** Value at expiry if the underlying ends at {@code price}; underlying legs are worth the price. */
    private static double terminalValue(List<Exposure> legs, double price) {
        double value = 0;
        for (Exposure e : legs) {
            double perShare = e.right() == null ? price : e.right().intrinsic(e.strike(), price);
            value += e.quantity() * perShare * Position.MULTIPLIER;
        }
        return value;
    }
}
