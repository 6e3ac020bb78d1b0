package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
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

/** Small synthetic chains for the tests: one underlying "XYZ", root "XYZ". */
final class Chains {

    static final String UNDERLYING = "XYZ";

    private final LocalDate date;
    private final double spot1545;
    private double spotEod;
    private final List<OptionQuote> quotes = new ArrayList<>();

    private Chains(LocalDate date, double spot1545) {
        this.date = date;
        this.spot1545 = spot1545;
        this.spotEod = spot1545;
    }

    /** A day whose underlying is at {@code spot} both at 15:45 and at the close. */
    static Chains day(String date, double spot) {
        return new Chains(LocalDate.parse(date), spot);
    }

    Chains close(double spotEod) {
        this.spotEod = spotEod;
        return this;
    }

    /** A put quoted bid/ask at 15:45 and the same at the close. */
    Chains put(String expiration, double strike, double bid, double ask, Double delta) {
        return quote(OptionRight.PUT, expiration, strike, bid, ask, bid, ask, delta);
    }

    Chains call(String expiration, double strike, double bid, double ask, Double delta) {
        return quote(OptionRight.CALL, expiration, strike, bid, ask, bid, ask, delta);
    }

    Chains quote(OptionRight right, String expiration, double strike, double bid1545, double ask1545, double bidEod,
            double askEod, Double delta) {
        LocalDate exp = LocalDate.parse(expiration);
        quotes.add(new OptionQuote(UNDERLYING, date, UNDERLYING, exp, strike, right, bid1545, ask1545, bidEod, askEod,
                delta, delta == null ? null : 0.2, spot1545, (int) ChronoUnit.DAYS.between(date, exp)));
        return this;
    }

    DayChain build() {
        return new DayChain(date, UNDERLYING, spot1545, spotEod, quotes);
    }

    static ContractKey put(String expiration, double strike) {
        return new ContractKey(UNDERLYING, LocalDate.parse(expiration), strike, OptionRight.PUT);
    }

    /** Short 1 put, 25-35 DTE (target 30), delta 0.50 +/- 0.10; entered once (every 1000 days); mid fills, 0.65 commission. */
    static StrategySpec.Builder shortPut() {
        return StrategySpec.builder("short put")
                .underlyings(UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(FillModel.MID, 0.65)
                .sizing(Sizing.fixed(100_000, 1));
    }

    /** 2024-01-02, spot 100: the 100 put of 2024-02-01 at 1.90 / 2.10, delta -0.50. */
    static DayChain entryDay() {
        return day("2024-01-02", 100).put("2024-02-01", 100, 1.90, 2.10, -0.50).build();
    }

    /** The spec's own legs and rules run over these days, in order. */
    static SimulationResult run(StrategySpec spec, DayChain... days) {
        StrategyEngine engine = new StrategyEngine(spec);
        for (DayChain d : days) {
            engine.onDay(d);
        }
        return engine.result();
    }
}
