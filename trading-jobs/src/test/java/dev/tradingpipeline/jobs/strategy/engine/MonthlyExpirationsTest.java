package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An underlying that lists only monthly expirations, traded with a days-to-expiry window shorter
 * than the gap between them: the job's scan, pruned to the window, has no row on the days after
 * one expiration before the next enters the window, and on the expiration day of an AM-settled
 * monthly (it stops trading the day before). The engine is fed those days all the same, as the job
 * feeds them (no quote, no underlying price): they are in the daily series, earn interest, and
 * the expiring position settles on its expiration day instead of ending {@code END_OF_DATA} the
 * day before.
 */
class MonthlyExpirationsTest {

    private static final String UNDERLYING = "^RUT";
    private static final LocalDate MARCH = LocalDate.parse("2024-03-15");

    /**
     * Short 1 RUT put, 5-20 DTE (target 10), delta 0.50 +/- 0.10, entered once; mid fills, 0.65
     * commission per contract; 100 000 capital; cash at 2.52 % a year, 0.0001 a trading day.
     */
    static StrategySpec monthlyPut() {
        return StrategySpec.builder("monthly put")
                .underlyings(UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(5, 20, 10),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(FillModel.MID, 0.65)
                .sizing(Sizing.fixed(100_000, 1))
                .cashRate(0.0252)
                .build();
    }

    /** A day as the pruned scan gives it: the March 100 put at 1.90 / 2.10, index at 100. */
    private static DayChain withPut(String date) {
        LocalDate d = LocalDate.parse(date);
        return new DayChain(d, UNDERLYING, 100, 100, List.of(new OptionQuote(UNDERLYING, d, "RUT", MARCH, 100,
                OptionRight.PUT, 1.90, 2.10, 1.90, 2.10, -0.50, 0.2, 100, (int) ChronoUnit.DAYS.between(d, MARCH))));
    }

    /** A day the pruned scan has no row for: what the job feeds (no quote, no price). */
    private static DayChain withoutRows(String date) {
        return new DayChain(LocalDate.parse(date), UNDERLYING, Double.NaN, Double.NaN, List.of());
    }

    @Test
    void everyTradingDayIsInTheSeriesAndTheMonthlySettlesOnItsExpirationDay() {
        // March 4-22, 2024: 15 trading days (no holiday). The March put (expiring Friday the 15th)
        // is in the window from the 4th (11 DTE); the April monthly (the 19th) is 46 to 28 DTE over
        // these days, never in it. So the pruned scan has rows on the 4th-14th only, less the
        // 13th (a vendor gap: the March put is missing that day), and none on the 15th (the AM
        // monthly no longer trades) or after.
        List<DayChain> days = new ArrayList<>();
        for (String d : List.of("2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-11",
                "2024-03-12")) {
            days.add(withPut(d));
        }
        days.add(withoutRows("2024-03-13"));
        days.add(withPut("2024-03-14"));
        for (String d : List.of("2024-03-15", "2024-03-18", "2024-03-19", "2024-03-20", "2024-03-21",
                "2024-03-22")) {
            days.add(withoutRows(d));
        }
        // the SOQ of the March RUT monthly, from the settlement table
        SettlementStyles styles = new SettlementStyles(Set.copyOf(SettlementStyles.DEFAULT_AM_ROOTS),
                Map.of(SettlementStyles.key("RUT", MARCH), 97.0));
        StrategyEngine engine = new StrategyEngine(monthlyPut(), new RuleBasedStrategy(monthlyPut()), styles);
        days.forEach(engine::onDay);
        SimulationResult result = engine.result();

        // every trading day, the 13th and the 15th-22nd included
        assertThat(result.daily()).extracting(DailyRow::date)
                .containsExactlyElementsOf(days.stream().map(DayChain::date).toList());
        assertThat(result.daily()).hasSize(15);

        // one trade: sold at the mid 2.00 on the 4th, settled on the 15th at intrinsic 100 - 97 = 3.00
        // (not END_OF_DATA on the 14th): P&L 100 x (2.00 - 3.00) - 0.65 = -100.65
        assertThat(result.trades()).hasSize(1);
        Trade t = result.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.exitDate()).isEqualTo(MARCH);
        assertThat(t.legs().get(0).exitPrice()).isEqualTo(3.0);
        assertThat(t.pnl()).isCloseTo(-100.65, within(1e-9));

        // cash: 100 000 + 200 - 0.65 = 100 199.35 after the 4th, then x 1.0001 a day (the 13th and
        // the days without rows too); the 15th pays 300. Equity on the 13th: cash less the put at its
        // last mark 2.00 (its quote missing), 100 199.35 x 1.0001^7 - 200 = 100 069.5106.
        assertThat(result.daily().get(7).equity()).isCloseTo(100_199.35 * Math.pow(1.0001, 7) - 200, within(1e-6));
        assertThat(result.daily().get(7).equity()).isCloseTo(100_069.5106, within(1e-4));
        // the 18th, flat: the 15th's cash 100 199.35 x 1.0001^9 - 300 = 99 989.5655, x 1.0001 = 99 999.5645
        assertThat(result.daily().get(10).cash()).isCloseTo(99_999.5645, within(1e-4));
        assertThat(result.daily().get(10).exposure()).isZero();
        // the 22nd: (100 199.35 x 1.0001^9 - 300) x 1.0001^5 = 100 039.5703
        double last = result.daily().get(14).equity();
        assertThat(last).isCloseTo(100_039.5703, within(1e-4));

        // annualised over the 15 days: CAGR = (100 039.5703 / 100 000)^(252 / 15) - 1 = 0.0066686
        // (over the 9 days the pruned scan alone gave, it would be 252 / 9 of a different gain).
        // Daily returns: the 4th -0.65 / 100 000 = -0.0000065; the 5th-14th about 0.0001002 (the
        // interest on about 100 200 of cash over about 100 000 of equity); the 15th
        // (interest 10.0079 - 300 + 200) / 100 079.5375 = -0.0008990; the 18th-22nd 0.0001 exactly
        // (all cash). Mean 0.0000264, sample standard deviation 0.00025748, x sqrt(252):
        // volatility 0.0040873.
        SimulationSummary m = result.summary();
        assertThat(m.cagr()).isCloseTo(0.0066686, within(1e-7));
        assertThat(m.volatility()).isCloseTo(0.0040873, within(1e-7));
        assertThat(m.tradeCount()).isEqualTo(1);
        // the missing quote of the 13th is a carried mark, noted
        assertThat(result.staleMarkContracts()).isEqualTo(1);
    }

    @Test
    void aPmSettlementDayWithoutRowsSettlesAtTheLastCloseAndTheStockLegGoesWithIt() {
        // a covered call on XYZ (PM-settled): 100 shares bought at 100.00 and the call of Friday
        // 2024-03-15 sold at the mid 2.00 on the 4th (no commission). The 15th has no row (the call
        // missing from the data that day): the call settles at the last close, the 14th's 104, at
        // intrinsic 4.00, and the shares are sold at that close with it. The 18th, without rows too,
        // is a flat day in the series.
        LocalDate exp = MARCH;
        StrategySpec spec = StrategySpec.builder("xyz covered call").underlyings("XYZ")
                .leg(Leg.underlying(Side.LONG, 1))
                .leg(Leg.option(OptionRight.CALL, Side.SHORT, 1, new DteRange(5, 20, 10),
                        new StrikeSelection.ByDelta(0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000)).fills(FillModel.MID, 0).sizing(Sizing.fixed(100_000, 1))
                .build();
        DayChain entry = Chains.day("2024-03-04", 100).call(exp.toString(), 100, 1.90, 2.10, 0.50).build();
        // the call keeps 0.50 of time value on the 14th: not assigned early (that takes less than 0.05)
        DayChain before = Chains.day("2024-03-14", 104).call(exp.toString(), 100, 4.40, 4.60, 0.9).build();
        DayChain expiry = new DayChain(exp, "XYZ", Double.NaN, Double.NaN, List.of());
        DayChain after = new DayChain(LocalDate.parse("2024-03-18"), "XYZ", Double.NaN, Double.NaN, List.of());
        SimulationResult r = Chains.run(spec, entry, before, expiry, after);

        assertThat(r.daily()).hasSize(4);
        assertThat(r.trades()).hasSize(1);
        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.exitDate()).isEqualTo(exp);
        // the shares at the close 104 (+400), the call at 104 - 100 = 4.00 (-200)
        assertThat(t.legs()).extracting(TradeLeg::exitPrice).containsExactly(104.0, 4.0);
        assertThat(t.pnl()).isCloseTo(200, within(1e-9));
        // cash 100 000 - 10 000 + 200 = 90 200; the 4th: + 10 000 shares - 200 call = 100 000; the
        // 14th: + 10 400 shares - 450 call (mid 4.50) = 100 150; the 15th and 18th: all cash,
        // 90 200 + 10 400 - 400 = 100 200 (no interest)
        assertThat(r.daily()).extracting(DailyRow::equity).containsExactly(100_000.0, 100_150.0, 100_200.0, 100_200.0);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("2024-03-15: ")
                .contains("settled at 104.0000, the underlying's close of 2024-03-14"));
    }
}
