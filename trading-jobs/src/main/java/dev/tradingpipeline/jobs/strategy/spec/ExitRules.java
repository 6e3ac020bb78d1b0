package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;

/**
 * When a rule-based strategy closes a position before expiry; expiry itself always closes it.
 *
 * <p>Take-profit and stop-loss are fractions of the entry premium (the credit received or the
 * debit paid, before commissions), judged on the 15:45 mid: {@code takeProfit = 0.5} closes a
 * short put sold for 2.00 once it can be bought back for 1.00; {@code stopLoss = 2.0} closes it
 * once the loss reaches twice the credit, at 6.00.
 *
 * @param exitAtDte close when any option leg has at most this many days to expiry; null = never
 * @param takeProfit null = never
 * @param stopLoss null = never
 */
public record ExitRules(Integer exitAtDte, Double takeProfit, Double stopLoss) implements Serializable {

    public ExitRules {
        if (exitAtDte != null && exitAtDte < 0) {
            throw new IllegalArgumentException("exit DTE must be >= 0, got " + exitAtDte);
        }
        if (takeProfit != null && takeProfit <= 0) {
            throw new IllegalArgumentException("take-profit must be > 0, got " + takeProfit);
        }
        if (stopLoss != null && stopLoss <= 0) {
            throw new IllegalArgumentException("stop-loss must be > 0, got " + stopLoss);
        }
    }

    /** Hold to expiry. */
    public static ExitRules atExpiry() {
        return new ExitRules(null, null, null);
    }
}
