package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.api.TradingCalendar;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The engine on random chains (seeded, so a failure replays): missing quotes, NULL and 0/0
 * end-of-day quotes, nonsense marks, days missing from the data, expirations on Saturdays and
 * holidays. Whatever the data, equity is a number every day, no position is still open after
 * its settlement day, and a run over the first k days records exactly the full run's first k days.
 */
class EnginePropertyTest {

    private static final LocalDate[] STARTS = {LocalDate.parse("2014-02-17"), LocalDate.parse("2015-03-02"),
        LocalDate.parse("2021-11-15"), LocalDate.parse("2022-05-23"), LocalDate.parse("2024-02-26")};

    @Test
    void randomChainsKeepTheEngineSound() {
        List<SimulationResult> results = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            Random rnd = new Random(seed);
            List<DayChain> days = days(rnd, STARTS[(int) (seed % STARTS.length)]);
            for (StrategySpec spec : specs(seed)) {
                results.add(check(spec, days, seed, rnd));
            }
        }
        // the data did exercise what is checked
        List<Trade> trades = results.stream().flatMap(r -> r.trades().stream()).toList();
        assertThat(trades).filteredOn(t -> t.exitReason() == ExitReason.EXPIRY).hasSizeGreaterThan(20);
        assertThat(trades).filteredOn(t -> t.exitReason() == ExitReason.RUIN).isNotEmpty();
        assertThat(trades).filteredOn(t -> t.legs().stream().anyMatch(l -> l.contract() != null
                && !TradingCalendar.NYSE.isTradingDay(l.contract().expiration()))).hasSizeGreaterThan(5);
        assertThat(results).filteredOn(r -> r.staleMarkContracts() > 0).hasSizeGreaterThan(10);
        assertThat(results.stream().flatMap(r -> r.notes().stream()))
                .anyMatch(n -> n.contains("outside its payoff bounds"));
    }

    private static SimulationResult check(StrategySpec spec, List<DayChain> days, long seed, Random rnd) {
        String what = spec.name() + ", seed " + seed;
        List<LocalDate> dataDays = days.stream().map(DayChain::date).toList();
        List<LocalDate> seenOn = new ArrayList<>();
        RuleBasedStrategy rules = new RuleBasedStrategy(spec);
        Strategy checking = (day, portfolio, notes) -> {
            // the book as the previous day left it: nothing in it was due to settle by then
            if (!seenOn.isEmpty()) {
                LocalDate previous = seenOn.get(seenOn.size() - 1);
                for (Position p : portfolio.positions()) {
                    for (PositionLeg leg : p.legs()) {
                        if (leg.isOption() && !leg.isClosed()) {
                            assertThat(TradingCalendar.NYSE.settlesBy(leg.contract().expiration(), previous))
                                    .as("%s: %s open after %s", what, leg.contract().describe(), previous).isFalse();
                        }
                    }
                }
            }
            seenOn.add(day.date());
            return rules.onDay(day, portfolio, notes);
        };
        StrategyEngine engine = new StrategyEngine(spec, checking);
        days.forEach(engine::onDay);
        SimulationResult full = engine.result();

        for (DailyRow d : full.daily()) {
            assertThat(List.of(d.equity(), d.cash(), d.exposure(), d.dailyPnl(), d.drawdown()))
                    .as("%s on %s", what, d.date()).allMatch(Double::isFinite);
        }
        SimulationSummary s = full.summary();
        if (full.daily().size() > 2 && full.daily().stream().mapToDouble(DailyRow::equity).distinct().count() > 1) {
            assertThat(s.volatility()).as(what).isFinite();
            assertThat(s.maxDrawdown()).as(what).isFinite();
        }
        if (full.ruinDate() != null) {
            assertThat(full.daily().get(full.daily().size() - 1).date()).isEqualTo(full.ruinDate());
        }
        for (Trade t : full.trades()) {
            for (TradeLeg leg : t.legs()) {
                if (leg.contract() != null) {
                    LocalDate settleBy = firstOnOrAfter(dataDays,
                            TradingCalendar.NYSE.lastTradingDayOnOrBefore(leg.contract().expiration()));
                    if (settleBy != null) {
                        assertThat(t.exitDate()).as("%s: %s", what, leg.instrument()).isBeforeOrEqualTo(settleBy);
                    }
                }
            }
        }

        // decisions read no later day: a run cut short agrees with the full run up to the cut
        for (int i = 0; i < 3; i++) {
            int k = 1 + rnd.nextInt(days.size());
            StrategyEngine prefix = new StrategyEngine(spec);
            days.subList(0, k).forEach(prefix::onDay);
            List<DailyRow> cut = prefix.result().daily();
            assertThat(cut).as("%s, first %d days", what, k)
                    .isEqualTo(full.daily().subList(0, Math.min(k, full.daily().size())));
        }
        return full;
    }

    private static LocalDate firstOnOrAfter(List<LocalDate> days, LocalDate date) {
        return days.stream().filter(d -> !d.isBefore(date)).findFirst().orElse(null);
    }

    private static List<StrategySpec> specs(long seed) {
        double capital = seed % 3 == 0 ? 3_000 : 100_000; // small capital runs into ruin now and then
        List<StrategySpec> out = new ArrayList<>();
        out.add(StrategySpec.builder("short put").underlyings(Chains.UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 2, new DteRange(3, 40, 14),
                        new StrikeSelection.ByDelta(-0.40, 0.25)))
                .entry(EntrySchedule.whenFlat()).fills(FillModel.MID, 0.65)
                .exits(new ExitRules(null, 0.5, 3.0)).sizing(Sizing.fixed(capital, 2)).build());
        out.add(StrategySpec.builder("condor").underlyings(Chains.UNDERLYING)
                .legs(Families.of("iron_condor", Map.of("dte_min", 3.0, "dte_target", 14.0, "dte_max", 40.0,
                        "delta_band", 0.2)))
                .entry(EntrySchedule.everyNDays(3)).fills(FillModel.FAR, 0.65).sizing(Sizing.fixed(capital, 1))
                .build());
        out.add(StrategySpec.builder("bull put").underlyings(Chains.UNDERLYING)
                .legs(Families.of("bull_put", Map.of("dte_min", 3.0, "dte_target", 10.0, "dte_max", 40.0,
                        "delta_band", 0.2)))
                .entry(EntrySchedule.whenFlat()).fills(FillModel.MID, 0).sizing(Sizing.fixed(capital, 3)).build());
        return out;
    }

    /** About 45 trading days from {@code start}, a random walk around 100 and a chain of 9 strikes. */
    private static List<DayChain> days(Random rnd, LocalDate start) {
        TreeSet<LocalDate> expirations = new TreeSet<>();
        for (LocalDate d = start; d.isBefore(start.plusDays(120)); d = d.plusDays(1)) {
            boolean friday = d.getDayOfWeek() == DayOfWeek.FRIDAY;
            boolean saturday = d.getDayOfWeek() == DayOfWeek.SATURDAY;
            if ((friday && rnd.nextDouble() < 0.6) || (saturday && rnd.nextDouble() < 0.3)
                    || (TradingCalendar.NYSE.isHoliday(d) && rnd.nextDouble() < 0.8)) {
                expirations.add(d);
            }
        }
        List<DayChain> days = new ArrayList<>();
        double spot = 100;
        for (LocalDate d = start; days.size() < 45; d = d.plusDays(1)) {
            if (!TradingCalendar.NYSE.isTradingDay(d)) {
                continue;
            }
            spot = Math.max(5, spot * (1 + 0.03 * rnd.nextGaussian()));
            if (rnd.nextDouble() < 0.12) {
                continue; // a day missing from the data
            }
            double spot1545 = spot;
            double close = spot * (1 + 0.005 * rnd.nextGaussian());
            Chains chain = Chains.day(d.toString(), spot1545).close(close);
            for (LocalDate exp : expirations.subSet(d, true, d.plusDays(45), true)) {
                for (int k = -4; k <= 4; k++) {
                    double strike = 100 + 5 * k;
                    for (OptionRight right : OptionRight.values()) {
                        quote(rnd, chain, right, exp, strike, spot1545, close, d);
                    }
                }
            }
            days.add(chain.build());
        }
        return days;
    }

    private static void quote(Random rnd, Chains chain, OptionRight right, LocalDate exp, double strike,
            double spot, double close, LocalDate day) {
        double u = rnd.nextDouble();
        if (u < 0.10) {
            return; // not quoted at all
        }
        double years = Math.max(1, exp.toEpochDay() - day.toEpochDay()) / 365.0;
        double put = price(right, strike, spot, years);
        double eod = price(right, strike, close, years);
        double putDelta = -Math.min(0.99, Math.max(0.01, 0.5 + (strike - spot) / (spot * 0.4 * Math.sqrt(years) * 2.5)));
        Double delta = rnd.nextDouble() < 0.05 ? null : right == OptionRight.PUT ? putDelta : 1 + putDelta;
        double bid = put * 0.95;
        double ask = put * 1.05 + 0.05;
        double bidEod = eod * 0.95;
        double askEod = eod * 1.05 + 0.05;
        if (u < 0.15) {
            bidEod = Double.NaN; // NULL end-of-day bid/ask
            askEod = Double.NaN;
        } else if (u < 0.20) {
            bidEod = 0;
            askEod = 0;
        } else if (u < 0.23) {
            bidEod = 50 * rnd.nextDouble(); // nonsense, but a usable-looking quote
            askEod = bidEod + 0.1;
        } else if (u < 0.25) {
            bid = Double.NaN;
            ask = Double.NaN;
        }
        chain.quote(right, exp.toString(), strike, bid, ask, bidEod, askEod, delta);
    }

    /** Intrinsic value plus a time value of 40 % volatility, roughly at the money. */
    private static double price(OptionRight right, double strike, double spot, double years) {
        double timeValue = 0.4 * spot * Math.sqrt(years) * 0.4 * Math.exp(-Math.abs(strike - spot) / (0.4 * spot));
        return right.intrinsic(strike, spot) + timeValue;
    }
}
