package dev.tradingpipeline.sample;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static dev.tradingpipeline.sample.CsvWriter.asciiBytes;

/** One (root, expiration) chain of an underlying on a quote date, and the strikes chosen for it. */
final class OptionChain {

    private static final double MINUTES_PER_YEAR = 365.0 * 24 * 60;

    final String rootKey;
    final byte[] root;
    final LocalDate expiration;
    final byte[] expirationBytes;
    /** Years from 15:45 on the quote date to 16:00 on the expiration date. */
    final double t;
    /** Strike spacing in thousandths; {@link StrikeSelection} may make it finer. */
    long incMilli;
    long[] strikes = new long[16]; // thousandths
    int count;

    OptionChain(String rootKey, byte[] root, LocalDate expiration, double t, long incMilli) {
        this.rootKey = rootKey;
        this.root = root;
        this.expiration = expiration;
        this.expirationBytes = asciiBytes(expiration.toString());
        this.t = t;
        this.incMilli = incMilli;
    }

    /**
     * The chains of {@code u} on {@code day}, one per expiration (weeklies under the weekly root),
     * without strikes yet, ordered by root, then expiration.
     */
    static List<OptionChain> forDay(Underlying u, LocalDate day, double spot, List<LocalDate> expirations) {
        List<OptionChain> chains = new ArrayList<>(expirations.size());
        for (LocalDate e : expirations) {
            boolean weekly = !TradingCalendar.isThirdFriday(e);
            long dte = ChronoUnit.DAYS.between(day, e);
            // From 15:45 on the quote date to 16:00 on the expiration date.
            double t = (dte * 1440 + 15) / MINUTES_PER_YEAR;
            chains.add(new OptionChain(weekly ? u.weeklyRootKey() : u.rootKey(),
                    weekly ? u.weeklyRoot() : u.monthlyRoot(), e, t, u.strikeIncrementMilli(spot, dte)));
        }
        chains.sort(Comparator.comparing((OptionChain c) -> c.rootKey).thenComparing(c -> c.expiration));
        return chains;
    }

    void add(long strikeMilli) {
        if (count == strikes.length) {
            strikes = Arrays.copyOf(strikes, count * 2);
        }
        strikes[count++] = strikeMilli;
    }
}
