package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.Universe;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shard feeds one {@link DayChain} instance to all its simulations: the 15:45 view and a
 * universe's filtering of it are built once per day and shared, with every simulation's notes
 * as if it had filtered alone.
 */
class DayChainSharingTest {

    private static final LocalDate DAY = LocalDate.parse("2024-01-02");
    private static final LocalDate EXP = LocalDate.parse("2024-02-01");

    private static OptionQuote put(String root, double bid, double ask) {
        return new OptionQuote("^SPX", DAY, root, EXP, 100, OptionRight.PUT, bid, ask, bid + 0.1, ask + 0.1, -0.5, 0.2,
                100, (int) ChronoUnit.DAYS.between(DAY, EXP));
    }

    private static DayChain day() {
        return new DayChain(DAY, "^SPX", 100, 101, List.of(put("SPX", 1.90, 2.10), put("SPXW", 2.00, 2.20)));
    }

    /** Remembers the chain it was shown and orders nothing. */
    private static final class Watcher implements Strategy {
        final List<DayChain> seen = new ArrayList<>();

        @Override
        public List<Order> onDay(DayChain day, PortfolioView portfolio, Notes notes) {
            seen.add(day);
            return List.of();
        }
    }

    private static StrategySpec spec(Universe universe) {
        return StrategySpec.builder("watch").underlyings("^SPX").universe(universe).build();
    }

    @Test
    void the1545ViewIsBuiltOncePerDay() {
        DayChain day = day();
        DayChain view = day.at1545();
        assertThat(day.at1545()).isSameAs(view);
        assertThat(view.at1545()).isSameAs(view);
        assertThat(view.underlyingPriceEod()).isNaN();
        assertThat(view.quotes()).allSatisfy(q -> assertThat(q.bidEod()).isNaN());
        assertThat(view.quotes().get(0).bid1545()).isEqualTo(1.90);
    }

    @Test
    void simulationsFedOneDaySeeOneChainWhetherOrNotTheUniverseFilters() {
        for (Universe universe : List.of(Universe.STANDARD, new Universe(List.of("SPXW"), false))) {
            DayChain day = day();
            Watcher a = new Watcher();
            Watcher b = new Watcher();
            StrategyEngine ea = new StrategyEngine(spec(universe), a);
            StrategyEngine eb = new StrategyEngine(spec(universe), b);
            ea.onDay(day);
            eb.onDay(day);
            assertThat(b.seen.get(0)).isSameAs(a.seen.get(0));
            if (universe.isDefault()) {
                assertThat(a.seen.get(0)).isSameAs(day.at1545()); // nothing left out: no copy
                assertThat(ea.result().notes()).isEmpty();
            } else {
                assertThat(a.seen.get(0).quotes()).extracting(OptionQuote::root).containsExactly("SPXW");
                // each simulation counts what was left out of its own days: 1 quote, not 0 or 2
                String note = "2024-01-02 to 2024-01-02: left out 1 quotes of roots not in roots [SPXW]: SPX";
                assertThat(ea.result().notes()).containsExactly(note);
                assertThat(eb.result().notes()).containsExactly(note);
            }
        }
    }
}
