package dev.tradingpipeline.jobs.strategy.api;

import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.util.List;

/**
 * The extension point for users' own strategies; the built-in families are instances of it too
 * (the engine's {@code RuleBasedStrategy}).
 *
 * <p>The engine calls {@link #onDay} once per trading day, in date order, at the 15:45 snapshot:
 * the strategy sees that day's chain (quotes, greeks, the underlying's 15:45 price) and its own
 * open positions, and returns the orders to fill at that snapshot. It never receives a later
 * day, so it cannot look ahead; it may remember earlier days itself. Expired contracts are settled
 * by the engine after the day's orders: a strategy does not close them.
 *
 * <p>To be selected in the configuration by class name, an implementation needs a public
 * constructor taking a {@link StrategySpec} (its {@code parameters} carry the user's knobs) or a
 * public no-argument constructor. One instance runs one simulation; it may keep state.
 */
public interface Strategy {

    /**
     * @param day today's chain as known at 15:45 ({@link DayChain#at1545()}: its end-of-day
     *     fields are NaN, because the close has not happened yet)
     * @param portfolio the strategy's positions, cash and equity
     * @param notes why something was not done ("no eligible contract ..."), dated by the engine
     * @return orders to fill now; empty for none
     */
    List<Order> onDay(DayChain day, PortfolioView portfolio, Notes notes);
}
