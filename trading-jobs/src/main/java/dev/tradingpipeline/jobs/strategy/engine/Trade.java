package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import java.time.LocalDate;
import java.util.List;

/**
 * One position from entry to exit. The legs of a position open together and, apart from legs of
 * different expirations settling on their own days, close together; {@code exitDate} is the day
 * the last leg closed.
 *
 * @param entryValue paid to open before commissions (&lt; 0 for a credit)
 * @param pnl net of commissions: the sum of the legs' gross P&amp;L minus {@code commissions}
 */
public record Trade(
        long positionId,
        String strategy,
        String underlying,
        LocalDate entryDate,
        LocalDate exitDate,
        ExitReason exitReason,
        List<TradeLeg> legs,
        double entryValue,
        double commissions,
        double pnl) {

    public Trade {
        legs = List.copyOf(legs);
    }
}
