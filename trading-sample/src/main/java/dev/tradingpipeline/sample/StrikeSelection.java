package dev.tradingpipeline.sample;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Fills an underlying's chains with strikes nearest the money until its row budget for the day is
 * met exactly; see {@link #select}.
 */
final class StrikeSelection {

    /** Strike selection and the smile treat anything shorter than a month as a month. */
    private static final double T_FLOOR = 30.0 / 365.0;
    /** Preferred reach of a chain, in standard deviations of log-moneyness (see StrikeCursor). */
    private static final double MAX_MONEYNESS = 5.0;
    /** Finest strike grid used to fit large row budgets: 0.10. */
    private static final long MIN_INCREMENT_MILLI = 100;

    private StrikeSelection() {
    }

    /**
     * Picks strikes nearest the money across all chains until {@code rows} rows (C+P pairs). When
     * the budget does not fit within {@link #MAX_MONEYNESS} standard deviations, the strike grid
     * of every chain is made finer first, so large budgets give dense rather than absurdly wide
     * chains; only past the finest grid does selection reach further out.
     */
    static void select(List<OptionChain> chains, double spot, double vol, int rows) {
        while (2 * capacity(chains, spot, vol) < rows) {
            boolean refined = false;
            for (OptionChain c : chains) {
                long finer = finerIncrement(c.incMilli);
                refined |= finer != c.incMilli;
                c.incMilli = finer;
            }
            if (!refined) {
                break;
            }
        }
        PriorityQueue<StrikeCursor> queue = new PriorityQueue<>(
                Comparator.comparingDouble(StrikeCursor::next).thenComparingInt(c -> c.order));
        for (int i = 0; i < chains.size(); i++) {
            queue.add(new StrikeCursor(chains.get(i), i, spot, vol));
        }
        for (int left = rows; left > 0; left -= 2) {
            StrikeCursor c = queue.poll();
            c.chain.add(c.take());
            queue.add(c);
        }
        for (OptionChain chain : chains) {
            Arrays.sort(chain.strikes, 0, chain.count);
        }
    }

    /** Strikes within {@link #MAX_MONEYNESS} of the money, over all chains. */
    private static long capacity(List<OptionChain> chains, double spot, double vol) {
        long total = 0;
        for (OptionChain c : chains) {
            double halfWidth = MAX_MONEYNESS * vol * Math.sqrt(Math.max(c.t, T_FLOOR));
            long lo = Math.max(1, (long) Math.ceil(spot * StrictMath.exp(-halfWidth) * 1000 / c.incMilli));
            long hi = (long) Math.floor(spot * StrictMath.exp(halfWidth) * 1000 / c.incMilli);
            total += Math.max(0, hi - lo + 1);
        }
        return total;
    }

    /** Next finer step on the 1 / 2.5 / 5 ladder (thousandths), never below {@link #MIN_INCREMENT_MILLI}. */
    static long finerIncrement(long incMilli) {
        long decade = 1;
        while (decade * 10 <= incMilli) {
            decade *= 10;
        }
        long finer;
        if (incMilli == decade) {
            finer = decade / 2;            // 10 -> 5
        } else if (incMilli == 5 * decade) {
            finer = decade * 5 / 2;        // 5 -> 2.5
        } else if (incMilli * 10 == 25 * decade) {
            finer = decade;                // 2.5 -> 1
        } else {
            finer = incMilli / 2;          // off the ladder
        }
        return finer < MIN_INCREMENT_MILLI ? incMilli : finer;
    }

    /**
     * Walks a chain's strike grid outwards from the money, by standardised log-moneyness
     * |ln(K/S)| / (vol * sqrt(max(T, 1 month))), so long-dated chains reach further out.
     */
    private static final class StrikeCursor {
        final OptionChain chain;
        final int order;
        final double spot;
        final double scale;
        long up;   // next grid index above (or at) the money
        long down; // next grid index below; 0 means exhausted (strikes must be > 0)
        double upDist;
        double downDist;

        StrikeCursor(OptionChain chain, int order, double spot, double vol) {
            this.chain = chain;
            this.order = order;
            this.spot = spot;
            this.scale = 1.0 / (vol * Math.sqrt(Math.max(chain.t, T_FLOOR)));
            long atm = Math.max(1, Math.round(spot * 1000 / chain.incMilli));
            this.up = atm;
            this.down = atm - 1;
            this.upDist = dist(up);
            this.downDist = down >= 1 ? dist(down) : Double.POSITIVE_INFINITY;
        }

        double dist(long n) {
            return Math.abs(StrictMath.log(n * chain.incMilli / 1000.0 / spot)) * scale;
        }

        double next() {
            return Math.min(upDist, downDist);
        }

        long take() {
            long n;
            if (downDist <= upDist) {
                n = down--;
                downDist = down >= 1 ? dist(down) : Double.POSITIVE_INFINITY;
            } else {
                n = up++;
                upDist = dist(up);
            }
            return n * chain.incMilli;
        }
    }
}
