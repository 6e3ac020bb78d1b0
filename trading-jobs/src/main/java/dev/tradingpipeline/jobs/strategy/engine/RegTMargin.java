package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cboe/FINRA strategy-based margin (Reg T), per position, from its legs, the underlying's price
 * and each leg's current mark. Per option contract (x 100):
 * <ul>
 *   <li>naked short call or put: the greater of 20% of the underlying less the out-of-the-money
 *       amount, plus the premium, and 10% of the underlying (calls) or of the strike (puts), plus
 *       the premium; 15% instead of 20% on a broad-based index ({@link #broadBased});</li>
 *   <li>short calls covered by long stock (100 shares a contract) and puts covered by short stock
 *       need nothing; the stock is paid in full (no stock loan), short stock needs 50% of its
 *       value (Reg T's initial requirement);</li>
 *   <li>a short paired with a long of the same right expiring on or after it (a spread; calls
 *       pair with the lowest long strike, puts with the highest) needs the paired legs' worst
 *       loss at expiry: the width for a credit spread, nothing for a debit spread, the larger
 *       width for an iron condor or iron butterfly (both sides cannot lose);</li>
 *   <li>naked calls and naked puts together (a straddle or strangle): the larger side's
 *       requirement plus the other side's premium;</li>
 *   <li>the parts add up (a ratio spread is a spread plus a naked short).</li>
 * </ul>
 * What a position ties up ({@link #tiedUp}) is its requirement plus its value when positive:
 * long options and stock are paid in full, so what was paid is not buying power (as with
 * {@link Collateral}'s debit). The premium received is not applied against the requirement:
 * equity is compared with the whole requirement, which is conservative by the shorts' value.
 */
public final class RegTMargin {

    /** Broad-based index roots and symbols (15%); besides them, any underlying starting with '^'. */
    public static final Set<String> BROAD_BASED = Set.of("SPX", "SPXW", "SPXPM", "XSP", "NDX", "NDXP", "XND",
            "RUT", "RUTW", "MRUT", "DJX", "OEX", "XEO", "VIX", "VIXW");

    static final double NAKED = 0.20;
    static final double NAKED_INDEX = 0.15;
    static final double MINIMUM = 0.10;
    static final double SHORT_STOCK = 0.50;

    private RegTMargin() {
    }

    /** One leg: {@code right} null is the underlying (a unit is 100 shares); {@code mark} per share. */
    public record Leg(OptionRight right, double strike, LocalDate expiration, int quantity, double mark) {
    }

    /** True for an underlying starting with '^' (the vendor's index symbols) or in {@link #BROAD_BASED}. */
    public static boolean broadBased(String symbol) {
        if (symbol == null) {
            return false;
        }
        String s = symbol.trim().toUpperCase(Locale.ROOT);
        return s.startsWith("^") || BROAD_BASED.contains(s);
    }

    /** Requirement of one short option contract (x 100). */
    public static double naked(OptionRight right, double strike, double spot, double mark, boolean broadBased) {
        double otm = right == OptionRight.CALL ? Math.max(0, strike - spot) : Math.max(0, spot - strike);
        double base = (broadBased ? NAKED_INDEX : NAKED) * spot - otm + mark;
        double minimum = MINIMUM * (right == OptionRight.CALL ? spot : strike) + mark;
        return Math.max(base, minimum) * Position.MULTIPLIER;
    }

    /** The strategy-based requirement of a set of legs (see the class comment). */
    public static double requirement(List<Leg> legs, double spot, boolean broadBased) {
        int longStock = 0;
        int shortStock = 0;
        List<Leg> calls = new ArrayList<>();
        List<Leg> puts = new ArrayList<>();
        for (Leg l : legs) {
            if (l.right() == null) {
                if (l.quantity() > 0) {
                    longStock += l.quantity();
                } else {
                    shortStock -= l.quantity();
                }
            } else {
                // one entry per contract, so that pairing and covering work contract by contract
                for (int i = 0; i < Math.abs(l.quantity()); i++) {
                    (l.right() == OptionRight.CALL ? calls : puts)
                            .add(new Leg(l.right(), l.strike(), l.expiration(), Integer.signum(l.quantity()), l.mark()));
                }
            }
        }
        double requirement = SHORT_STOCK * shortStock * spot * Position.MULTIPLIER;
        List<Leg> paired = new ArrayList<>();
        List<Leg> nakedCalls = uncovered(calls, longStock, paired);
        List<Leg> nakedPuts = uncovered(puts, shortStock, paired);
        requirement += Math.max(0, -worstAtExpiry(paired));
        double callReq = 0;
        double callPremium = 0;
        for (Leg c : nakedCalls) {
            callReq += naked(OptionRight.CALL, c.strike(), spot, c.mark(), broadBased);
            callPremium += c.mark() * Position.MULTIPLIER;
        }
        double putReq = 0;
        double putPremium = 0;
        for (Leg p : nakedPuts) {
            putReq += naked(OptionRight.PUT, p.strike(), spot, p.mark(), broadBased);
            putPremium += p.mark() * Position.MULTIPLIER;
        }
        if (nakedCalls.isEmpty() || nakedPuts.isEmpty()) {
            return requirement + callReq + putReq;
        }
        // straddle / strangle: only one side can end in the money
        return requirement + Math.max(callReq + putPremium, putReq + callPremium);
    }

    /** Requirement plus the legs' value at their marks when positive (paid in full, not buying power). */
    public static double tiedUp(List<Leg> legs, double spot, boolean broadBased) {
        double value = 0;
        for (Leg l : legs) {
            value += l.quantity() * l.mark() * Position.MULTIPLIER;
        }
        return requirement(legs, spot, broadBased) + Math.max(0, value);
    }

    /** What {@code p} ties up at its current marks. */
    public static double tiedUp(Position p, double spot, String underlying) {
        List<Leg> legs = new ArrayList<>();
        boolean broad = broadBased(underlying);
        for (PositionLeg l : p.legs()) {
            if (l.isClosed()) {
                continue;
            }
            ContractKey c = l.contract();
            legs.add(c == null ? new Leg(null, 0, null, l.quantity(), l.mark())
                    : new Leg(c.right(), c.strike(), c.expiration(), l.quantity(), l.mark()));
            broad |= c != null && broadBased(c.root());
        }
        return tiedUp(legs, spot, broad);
    }

    /**
     * The end-of-day margin check: updates each open position's collateral to what it ties up at
     * today's marks and close, and when equity is below the total, returns the positions to close
     * (largest first, until the rest fits or none is left), each with a note.
     */
    static List<OpenPosition> marginCall(List<OpenPosition> open, double equity, double spot, String underlying,
            Consumer<String> notes) {
        double total = 0;
        for (OpenPosition p : open) {
            p.collateral(tiedUp(p, spot, underlying));
            total += p.collateral();
        }
        List<OpenPosition> toClose = new ArrayList<>();
        if (!(equity < total)) {
            return toClose;
        }
        List<OpenPosition> bySize = new ArrayList<>(open);
        bySize.sort(Comparator.comparingDouble((OpenPosition p) -> p.collateral()).reversed());
        double remaining = total;
        for (OpenPosition p : bySize) {
            if (!(equity < remaining)) {
                break;
            }
            notes.accept(String.format(Locale.ROOT, "margin call: equity %.2f below the Reg T requirement %.2f;"
                    + " closing position %d (requirement %.2f) at the day's marks", equity, remaining, p.id(),
                    p.collateral()));
            toClose.add(p);
            remaining -= p.collateral();
        }
        return toClose;
    }

    /**
     * Shorts left after covering with stock (the deepest in the money first) and pairing with
     * longs; paired shorts and their longs go to {@code paired}.
     */
    private static List<Leg> uncovered(List<Leg> contracts, int stockCover, List<Leg> paired) {
        boolean call = !contracts.isEmpty() && contracts.get(0).right() == OptionRight.CALL;
        // calls: lowest strike first (most at risk, and the long that covers best); puts: highest
        Comparator<Leg> byRisk = Comparator.comparingDouble(Leg::strike);
        if (!call) {
            byRisk = byRisk.reversed();
        }
        List<Leg> shorts = new ArrayList<>(contracts.stream().filter(l -> l.quantity() < 0).sorted(byRisk).toList());
        List<Leg> longs = new ArrayList<>(contracts.stream().filter(l -> l.quantity() > 0).sorted(byRisk).toList());
        List<Leg> naked = new ArrayList<>();
        for (Leg s : shorts) {
            if (stockCover > 0) {
                stockCover--;
                continue;
            }
            Leg cover = longs.stream().filter(l -> !l.expiration().isBefore(s.expiration())).findFirst().orElse(null);
            if (cover == null) {
                naked.add(s);
            } else {
                longs.remove(cover);
                paired.add(s);
                paired.add(cover);
            }
        }
        return naked;
    }

    /** Worst value at one common expiry over the underlying's price (the strikes, 0 and beyond). */
    private static double worstAtExpiry(List<Leg> legs) {
        if (legs.isEmpty()) {
            return 0;
        }
        double top = 0;
        for (Leg l : legs) {
            top = Math.max(top, l.strike());
        }
        double worst = Math.min(valueAt(legs, 0), valueAt(legs, 2 * top + 1));
        for (Leg l : legs) {
            worst = Math.min(worst, valueAt(legs, l.strike()));
        }
        return worst;
    }

    private static double valueAt(List<Leg> legs, double price) {
        double value = 0;
        for (Leg l : legs) {
            value += l.quantity() * l.right().intrinsic(l.strike(), price) * Position.MULTIPLIER;
        }
        return value;
    }
}
