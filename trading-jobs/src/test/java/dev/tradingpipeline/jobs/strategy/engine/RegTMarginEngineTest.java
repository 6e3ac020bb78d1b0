package dev.tradingpipeline.jobs.strategy.engine;

import static dev.tradingpipeline.jobs.strategy.engine.Chains.run;
import static dev.tradingpipeline.jobs.strategy.engine.Chains.entryDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reg T margin in the engine. XYZ at 100 on 2024-01-02; the 100 put (expiring 2024-02-01)
 * quoted 1.90 / 2.10 (mid 2.00); short puts sized from 100,000 of capital, no commission.
 */
class RegTMarginEngineTest {

    private static final double EPS = 1e-9;
    private static final String EXP = "2024-02-01";

    private static StrategySpec spec(Margin margin) {
        return StrategySpec.builder("short put")
                .underlyings(Chains.UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(FillModel.MID, 0)
                .sizing(Sizing.fromCapital(100_000).withMargin(margin))
                .build();
    }


    @Test
    void regTSizesANakedPutFromBuyingPower() {
        // cash: strike 100 x 100 = 10,000 a contract -> floor(100,000 / 10,000) = 10 contracts
        SimulationResult cash = run(spec(Margin.CASH), entryDay());
        assertThat(cash.trades().get(0).legs().get(0).quantity()).isEqualTo(-10);
        // Reg T: at the money, premium 2.00: max(0.20 x 100 - 0 + 2, 0.10 x 100 + 2) = 22 -> 2,200
        // a contract -> floor(100,000 / 2,200) = 45 contracts, requirement 45 x 2,200 = 99,000
        SimulationResult regT = run(spec(Margin.REG_T), entryDay());
        assertThat(regT.trades().get(0).legs().get(0).quantity()).isEqualTo(-45);
        assertThat(regT.daily().get(0).exposure()).isCloseTo(99_000, within(EPS));
        assertThat(regT.daily().get(0).equity()).isCloseTo(100_000, within(EPS));
    }

    @Test
    void marginCallClosesAtTheDaysMarksWhenTheUnderlyingDrops() {
        // day 1: sold 45 puts at 2.00: cash 100,000 + 9,000 = 109,000, equity 100,000, requirement 99,000
        // day 2: XYZ 101, put mid 1.60: equity 109,000 - 45 x 160 = 101,800; requirement
        //        max(20.2 - 1 + 1.60, 10 + 1.60) = 20.80 -> 45 x 2,080 = 93,600: fits, re-priced
        // day 3: XYZ 97, put mid 5.00: equity 109,000 - 45 x 500 = 86,500; requirement
        //        max(19.4 - 0 + 5, 10 + 5) = 24.40 -> 45 x 2,440 = 109,800 > 86,500: margin call,
        //        bought back at the mark 5.00: P&L 45 x (2.00 - 5.00) x 100 = -13,500
        SimulationResult r = run(spec(Margin.REG_T), entryDay(),
                Chains.day("2024-01-03", 101).put(EXP, 100, 1.50, 1.70, -0.40).build(),
                Chains.day("2024-01-04", 97).put(EXP, 100, 4.90, 5.10, -0.65).build());

        assertThat(r.daily().get(1).equity()).isCloseTo(101_800, within(EPS));
        assertThat(r.daily().get(1).exposure()).isCloseTo(93_600, within(EPS));
        assertThat(r.trades()).hasSize(1);
        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.MARGIN_CALL);
        assertThat(t.exitDate()).isEqualTo(java.time.LocalDate.parse("2024-01-04"));
        assertThat(t.legs().get(0).exitPrice()).isEqualTo(5.00);
        assertThat(t.pnl()).isCloseTo(-13_500, within(EPS));
        DailyRow d3 = r.daily().get(2);
        assertThat(d3.equity()).isCloseTo(86_500, within(EPS));
        assertThat(d3.cash()).isCloseTo(86_500, within(EPS));
        assertThat(d3.exposure()).isZero();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("2024-01-04: margin call: equity 86500.00 below the Reg T"
                + " requirement 109800.00"));

        // the same days in a cash account: 10 contracts, strike-secured, no margin call
        SimulationResult cash = run(spec(Margin.CASH), entryDay(),
                Chains.day("2024-01-03", 101).put(EXP, 100, 1.50, 1.70, -0.40).build(),
                Chains.day("2024-01-04", 97).put(EXP, 100, 4.90, 5.10, -0.65).build());
        assertThat(cash.trades()).extracting(Trade::exitReason).containsExactly(ExitReason.END_OF_DATA);
        assertThat(cash.daily()).extracting(DailyRow::exposure).containsOnly(10_000.0 * 10);
        assertThat(List.copyOf(cash.notes())).noneMatch(n -> n.contains("margin call"));
    }
}
