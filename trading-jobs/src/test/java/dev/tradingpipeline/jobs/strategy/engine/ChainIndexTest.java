package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.DayChains;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Contract selection from the day's {@link ChainIndex} gives exactly what a pass over the chain
 * gives (the selection as it was before the index, kept here as the reference), on random chains
 * full of ties, duplicates, missing deltas and untradable quotes; and simulations asking the same
 * question of the same day share one answer.
 */
class ChainIndexTest {

    private static final LocalDate DAY = LocalDate.parse("2024-03-01");

    // ---- the reference: a pass over the whole chain (ContractSelector before the index) ----

    static List<LocalDate> naiveExpirations(DayChain day, DteRange range) {
        TreeMap<LocalDate, Integer> dteByExpiration = new TreeMap<>();
        for (OptionQuote q : day.quotes()) {
            if (range.contains(q.dte())) {
                dteByExpiration.put(q.expiration(), q.dte());
            }
        }
        return dteByExpiration.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<LocalDate, Integer> e) ->
                        Math.abs(e.getValue() - range.target())).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    static Optional<OptionQuote> naiveSelect(DayChain day, Leg leg, LocalDate expiration) {
        OptionRight right = leg.instrument().right();
        Comparator<OptionQuote> tieBreak = Comparator.comparingDouble(OptionQuote::strike)
                .thenComparing(OptionQuote::root);
        var candidates = day.quotes().stream()
                .filter(q -> q.right() == right && q.expiration().equals(expiration) && q.tradable1545());
        if (leg.strike() instanceof StrikeSelection.ByDelta byDelta) {
            double target = Math.abs(byDelta.target());
            return candidates
                    .filter(q -> q.delta1545() != null
                            && Math.abs(Math.abs(q.delta1545()) - target) <= byDelta.band() + 1e-12)
                    .min(Comparator.comparingDouble((OptionQuote q) -> Math.abs(Math.abs(q.delta1545()) - target))
                            .thenComparing(tieBreak));
        }
        StrikeSelection.ByMoneyness byMoneyness = (StrikeSelection.ByMoneyness) leg.strike();
        double target = byMoneyness.targetStrike(day.underlyingPrice1545());
        return candidates
                .min(Comparator.comparingDouble((OptionQuote q) -> Math.abs(q.strike() - target)).thenComparing(tieBreak));
    }

    // ---- random chains ----

    /**
     * A chain with few distinct strikes, deltas on a coarse grid (many exact ties, also at equal
     * distance on both sides of a target), two roots, duplicated contracts, null and NaN deltas,
     * quotes nobody offers, and now and then an expiration quoted with two DTE values.
     */
    private static DayChain randomChain(Random rnd, boolean irregular) {
        List<OptionQuote> quotes = new ArrayList<>();
        int expirations = 1 + rnd.nextInt(5);
        double spot = 90 + rnd.nextInt(21) + (rnd.nextBoolean() ? 0.5 : 0);
        int n = 1 + rnd.nextInt(120);
        for (int i = 0; i < n; i++) {
            int e = rnd.nextInt(expirations);
            LocalDate expiration = DAY.plusDays(7L * (e + 1));
            int dte = 7 * (e + 1) + (rnd.nextInt(10) == 0 ? 1 : 0);
            String root = rnd.nextInt(3) == 0 ? "XYZW" : "XYZ";
            double strike = 80 + 2.5 * rnd.nextInt(17);
            OptionRight right = rnd.nextBoolean() ? OptionRight.PUT : OptionRight.CALL;
            Double delta = switch (rnd.nextInt(12)) {
                case 0 -> null;
                case 1 -> Double.NaN;
                case 2 -> irregular ? Double.NEGATIVE_INFINITY : 0.0;
                default -> (right == OptionRight.PUT ? -1 : 1) * 0.05 * rnd.nextInt(21);
            };
            double bid = rnd.nextInt(8) == 0 ? 0 : 0.5 * rnd.nextInt(10);
            double ask = rnd.nextInt(10) == 0 ? 0 : bid + 0.5 * rnd.nextInt(3);
            if (irregular && rnd.nextInt(20) == 0) {
                strike = rnd.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            }
            quotes.add(new OptionQuote("XYZ", DAY, root, expiration, strike, right, bid, ask, Double.NaN,
                    Double.NaN, delta, delta == null ? null : 0.2, spot, dte));
            if (rnd.nextInt(15) == 0) { // the same contract again, with another delta
                quotes.add(new OptionQuote("XYZ", DAY, root, expiration, strike, right, bid, ask, Double.NaN,
                        Double.NaN, rnd.nextBoolean() ? delta : Double.valueOf(0.05 * rnd.nextInt(21)), 0.2, spot, dte));
            }
        }
        double spot1545 = irregular && rnd.nextInt(10) == 0 ? Double.NaN : spot;
        return new DayChain(DAY, "XYZ", spot1545, Double.NaN, quotes);
    }

    private static Leg randomLeg(Random rnd) {
        OptionRight right = rnd.nextBoolean() ? OptionRight.PUT : OptionRight.CALL;
        int min = rnd.nextInt(20);
        int target = min + rnd.nextInt(15);
        DteRange dte = new DteRange(min, target + rnd.nextInt(15), target);
        StrikeSelection strike = switch (rnd.nextInt(3)) {
            case 0 -> new StrikeSelection.ByDelta((rnd.nextBoolean() ? -1 : 1) * 0.05 * rnd.nextInt(21),
                    0.025 * rnd.nextInt(5));
            case 1 -> new StrikeSelection.ByMoneyness(0.0125 * (rnd.nextInt(17) - 8), StrikeSelection.OffsetUnit.FRACTION);
            default -> new StrikeSelection.ByMoneyness(1.25 * (rnd.nextInt(17) - 8), StrikeSelection.OffsetUnit.POINTS);
        };
        return Leg.option(right, rnd.nextBoolean() ? Side.SHORT : Side.LONG, 1, dte, strike);
    }

    private static void assertSameAsPass(long seed, boolean irregular) {
        Random rnd = new Random(seed);
        int compared = 0;
        int found = 0;
        for (int c = 0; c < 400; c++) {
            DayChain day = randomChain(rnd, irregular);
            for (int k = 0; k < 25; k++) {
                Leg leg = randomLeg(rnd);
                assertThat(ContractSelector.expirations(day, leg.dte())).as("chain %d, %s", c, leg.dte())
                        .isEqualTo(naiveExpirations(day, leg.dte()));
                for (int e = 0; e < 6; e++) {
                    LocalDate expiration = DAY.plusDays(7L * e);
                    Optional<OptionQuote> expected = naiveSelect(day, leg, expiration);
                    Optional<OptionQuote> actual = ContractSelector.select(day, leg, expiration);
                    // the same quote object, not merely an equal one: duplicates are told apart
                    assertThat(actual.isPresent()).as("chain %d, %s on %s", c, leg.describe(), expiration)
                            .isEqualTo(expected.isPresent());
                    if (expected.isPresent()) {
                        assertThat(actual.get()).as("chain %d, %s on %s", c, leg.describe(), expiration)
                                .isSameAs(expected.get());
                    }
                    compared++;
                    found += expected.isPresent() ? 1 : 0;
                }
            }
        }
        // the random questions found a contract often enough, and missed often enough, to mean something
        assertThat(found).isBetween(compared / 10, compared * 9 / 10);
    }

    @Test
    void selectionFromTheIndexIsThatOfAPassOverTheChain() {
        assertSameAsPass(17, false);
    }

    @Test
    void deltasAndStrikesThatAreNotFiniteNumbersAreAnsweredAsByAPassToo() {
        assertSameAsPass(18, true);
    }

    @Test
    void equallyNearDeltasOnEitherSideOfTheTargetGoToTheLowerStrikeThenTheRoot() {
        // deltas that are exact binary fractions, so that both distances are exactly equal:
        // 0.25 and 0.375 around a target of 0.3125, each 0.0625 away
        String exp = "2024-03-29";
        DayChain day = Chains.day("2024-03-01", 100)
                .put(exp, 95, 1, 1.2, -0.25)
                .put(exp, 90, 1, 1.2, -0.375)
                .put(exp, 85, 1, 1.2, -0.375)
                .put(exp, 97.5, 1, 1.2, -0.5)
                .build();
        Leg leg = Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(20, 40, 28),
                new StrikeSelection.ByDelta(-0.3125, 0.1));
        // 0.25 (strike 95) and 0.375 (strikes 90 and 85) are all 0.0625 from the target: strike 85
        assertThat(ContractSelector.select(day, leg, LocalDate.parse(exp))).map(OptionQuote::strike).contains(85.0);
        assertThat(naiveSelect(day, leg, LocalDate.parse(exp))).map(OptionQuote::strike).contains(85.0);
        // a band narrower than 0.0625 leaves nothing
        Leg narrow = Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(20, 40, 28),
                new StrikeSelection.ByDelta(-0.3125, 0.05));
        assertThat(ContractSelector.select(day, narrow, LocalDate.parse(exp))).isEmpty();
    }

    @Test
    void aQuestionAskedTwiceOfOneDayIsAnsweredOnce() {
        DayChain day = Chains.day("2024-03-01", 100)
                .put("2024-03-29", 95, 1, 1.2, -0.25)
                .put("2024-04-05", 90, 1, 1.2, -0.30)
                .build();
        DteRange range = new DteRange(20, 40, 30);
        Leg a = Leg.option(OptionRight.PUT, Side.SHORT, 1, range, new StrikeSelection.ByDelta(-0.30, 0.05));
        Leg b = Leg.option(OptionRight.PUT, Side.LONG, 2, new DteRange(20, 40, 30), new StrikeSelection.ByDelta(-0.30, 0.05));
        LocalDate exp = LocalDate.parse("2024-04-05");
        // equal questions (here from two different legs) get the very same answer object
        assertThat(ContractSelector.expirations(day, new DteRange(20, 40, 30)))
                .isSameAs(ContractSelector.expirations(day, range));
        assertThat(ContractSelector.select(day, b, exp)).isSameAs(ContractSelector.select(day, a, exp));
        // another day (even an equal one) answers for itself
        DayChain other = Chains.day("2024-03-01", 100).put("2024-04-05", 90, 1, 1.2, -0.30).build();
        assertThat(ContractSelector.select(other, a, exp)).isNotSameAs(ContractSelector.select(day, a, exp));
    }

    /** The short put of {@link Chains#shortPut()}, its strike picked by another delta. */
    private static StrategySpec shortPut(double delta) {
        return StrategySpec.builder("short put " + delta)
                .underlyings(Chains.UNDERLYING)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-delta, 0.10)))
                .entry(EntrySchedule.everyNDays(1000))
                .fills(FillModel.MID, 0.65)
                .sizing(Sizing.fixed(100_000, 1))
                .build();
    }

    @Test
    void simulationsOfASweepAskingTheSameQuestionOfADayShareItsAnswer() {
        // three simulations of one shard fed the same day: two ask the same questions, the third
        // asks for another delta in the same expirations
        DayChain day = Chains.day("2024-01-02", 100)
                .put("2024-02-01", 100, 1.90, 2.10, -0.50)
                .put("2024-02-01", 95, 0.90, 1.10, -0.30)
                .build();
        StrategyEngine first = new StrategyEngine(shortPut(0.50));
        StrategyEngine same = new StrategyEngine(shortPut(0.50));
        StrategyEngine other = new StrategyEngine(shortPut(0.30));

        first.onDay(day);
        DayChain view = day.at1545();
        int afterFirst = DayChains.derivedCount(view);
        // the universe's exclusions, the index, the expirations of 25-35 DTE, the puts of
        // 2024-02-01 and the 0.50-delta answer
        assertThat(afterFirst).isEqualTo(5);
        same.onDay(day);
        assertThat(DayChains.derivedCount(view)).as("the same questions: nothing computed again").isEqualTo(afterFirst);
        other.onDay(day);
        assertThat(DayChains.derivedCount(view)).as("one new question: one new answer").isEqualTo(afterFirst + 1);

        // each entered the contract its own question picks
        assertThat(first.result().trades()).singleElement()
                .satisfies(t -> assertThat(t.legs().get(0).contract().strike()).isEqualTo(100.0));
        assertThat(same.result().trades()).singleElement()
                .satisfies(t -> assertThat(t.legs().get(0).contract().strike()).isEqualTo(100.0));
        assertThat(other.result().trades()).singleElement()
                .satisfies(t -> assertThat(t.legs().get(0).contract().strike()).isEqualTo(95.0));
    }
}
