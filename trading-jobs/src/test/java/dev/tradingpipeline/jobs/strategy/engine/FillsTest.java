package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Fills between the mid and the far side, slippage and the fee per order, on hand-built chains.
 * The usual quote: a put bid 1.00 / ask 1.20, so mid 1.10 and half-spread 0.10.
 */
class FillsTest {

    private static final double EPS = 1e-9;
    private static final String EXP = "2024-02-01";

    private static OptionQuote quote(double bid, double ask) {
        return Chains.day("2024-01-02", 100).put(EXP, 100, bid, ask, -0.50).build().quotes().get(0);
    }

    @Test
    void aSpreadFractionMovesTheFillFromTheMidTowardTheFarSide() {
        OptionQuote q = quote(1.00, 1.20);
        FillModel quarter = new FillModel(0.25, 0);
        // sell: 1.10 - 0.25 x 0.10 = 1.075; buy: 1.10 + 0.25 x 0.10 = 1.125
        assertThat(quarter.price(q, false)).isCloseTo(1.075, within(EPS));
        assertThat(quarter.price(q, true)).isCloseTo(1.125, within(EPS));
        // fraction 0 is the mid, fraction 1 the far side, exactly
        assertThat(new FillModel(0, 0).price(q, false)).isEqualTo(FillModel.MID.price(q, false)).isEqualTo(1.10);
        assertThat(new FillModel(1, 0).price(q, false)).isEqualTo(1.00);
        assertThat(new FillModel(1, 0).price(q, true)).isEqualTo(1.20);
        assertThat(new FillModel(1, 0)).isEqualTo(FillModel.FAR);
    }

    @Test
    void slippageIsAlwaysAgainstTheTraderAndNeverMakesAPriceNegative() {
        OptionQuote q = quote(1.00, 1.20);
        FillModel model = new FillModel(0.25, 0.02);
        // sell: 1.075 - 0.02 = 1.055; buy: 1.125 + 0.02 = 1.145
        assertThat(model.price(q, false)).isCloseTo(1.055, within(EPS));
        assertThat(model.price(q, true)).isCloseTo(1.145, within(EPS));
        // bid 0 / ask 0.02: a sale at the mid 0.01 less 0.02 would be -0.01; it is 0
        assertThat(FillModel.MID.withSlippage(0.02).price(quote(0, 0.02), false)).isEqualTo(0.0);
        assertThat(FillModel.FAR.withSlippage(0.02).price(quote(0, 0.02), true)).isCloseTo(0.04, within(EPS));
    }

    @Test
    void outOfRangeFillSettingsAreRefused() {
        assertThatThrownBy(() -> new FillModel(1.5, 0)).hasMessageContaining("spread fraction must be in [0, 1]");
        assertThatThrownBy(() -> new FillModel(0, -0.01)).hasMessageContaining("slippage must be >= 0");
        assertThatThrownBy(() -> new ExecutionCosts(FillModel.MID, 0.65, -1)).hasMessageContaining("order fee must be >= 0");
    }

    @Test
    void theOrderFeeIsChargedOncePerOpenAndOncePerCloseNextToTheCommission() {
        StrategySpec spec = StrategySpec.builder("short put").underlyings(Chains.UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(new ExecutionCosts(new FillModel(0.25, 0.02), 0.65, 1.00))
                .sizing(Sizing.fixed(100_000, 2))
                .exits(new ExitRules(null, 0.5, null))
                .build();
        StrategyEngine engine = new StrategyEngine(spec);
        engine.onDay(Chains.day("2024-01-02", 100).put(EXP, 100, 1.00, 1.20, -0.50).build());
        // next day at 15:45 mid 0.50: position value -2 x 0.50 x 100 = -100 against the entry's -211,
        // a profit of 111 >= 50 % of 211: take profit
        engine.onDay(Chains.day("2024-01-03", 103).put(EXP, 100, 0.40, 0.60, -0.30).build());
        SimulationResult r = engine.result();

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.TAKE_PROFIT);
        // sold 2 at 1.10 - 0.25 x 0.10 - 0.02 = 1.055: credit 2 x 1.055 x 100 = 211
        assertThat(t.legs().get(0).entryPrice()).isCloseTo(1.055, within(EPS));
        assertThat(t.entryValue()).isCloseTo(-211, within(EPS));
        // open: 2 x 0.65 + one order fee 1.00 = 2.30; cash 100000 + 211 - 2.30
        DailyRow d1 = r.daily().get(0);
        assertThat(d1.cash()).isCloseTo(100_208.70, within(EPS));
        // marked at the EOD mid 1.10 (fills do not change marks): 100208.70 - 2 x 1.10 x 100
        assertThat(d1.equity()).isCloseTo(99_988.70, within(EPS));
        // bought back at 0.50 + 0.25 x 0.10 + 0.02 = 0.545: 2 x 0.545 x 100 = 109; another 2.30
        assertThat(t.legs().get(0).exitPrice()).isCloseTo(0.545, within(EPS));
        assertThat(t.commissions()).isCloseTo(4.60, within(EPS));
        // net P&L: 211 - 109 - 2.30 - 2.30 = 97.40
        assertThat(t.pnl()).isCloseTo(97.40, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(100_097.40, within(EPS));
    }

    @Test
    void settlementAtExpiryIsNoOrderAndPaysNoFee() {
        StrategySpec spec = StrategySpec.builder("short put").underlyings(Chains.UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(new ExecutionCosts(FillModel.MID, 0.65, 1.00))
                .build();
        StrategyEngine engine = new StrategyEngine(spec);
        engine.onDay(Chains.day("2024-01-02", 100).put(EXP, 100, 1.00, 1.20, -0.50).build());
        engine.onDay(Chains.day(EXP, 105).put(EXP, 100, 0, 0.05, -0.01).build());
        Trade t = engine.result().trades().get(0);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse(EXP));
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        // sold 1 at the mid 1.10 = 110, expired worthless; only the open's 0.65 + 1.00: net 108.35
        assertThat(t.commissions()).isCloseTo(1.65, within(EPS));
        assertThat(t.pnl()).isCloseTo(108.35, within(EPS));
    }
}
