package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configured strategy: what it trades, when, and with which money. A simulation runs it on
 * one underlying; a parameter sweep makes one spec per grid point ({@code parameters} records the
 * point, for the run's tables and to let a user strategy read its own knobs).
 *
 * @param start first date traded, inclusive; null = from the first day given
 * @param end last date traded, inclusive; null = to the last day given
 * @param cashRate yearly rate earned on cash, accrued as rate / 252 per trading day
 * @param universe the contracts the strategy may enter (the engine filters each day's chain by it)
 */
public record StrategySpec(
        String name,
        List<String> underlyings,
        LocalDate start,
        LocalDate end,
        List<Leg> legs,
        EntrySchedule entry,
        ExitRules exits,
        ExecutionCosts fills,
        Sizing sizing,
        double cashRate,
        Map<String, Double> parameters,
        Assignment assignment,
        Universe universe) implements Serializable {

    public StrategySpec {
        Objects.requireNonNull(name, "name");
        underlyings = List.copyOf(underlyings);
        legs = List.copyOf(legs);
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(exits, "exits");
        Objects.requireNonNull(fills, "fills");
        Objects.requireNonNull(sizing, "sizing");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        assignment = assignment == null ? Assignment.DEFAULT : assignment;
        universe = universe == null ? Universe.STANDARD : universe;
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("strategy '" + name + "': end " + end + " is before start " + start);
        }
    }

    /** With the default early assignment and every standard contract of the chain. */
    public StrategySpec(String name, List<String> underlyings, LocalDate start, LocalDate end, List<Leg> legs,
            EntrySchedule entry, ExitRules exits, ExecutionCosts fills, Sizing sizing, double cashRate,
            Map<String, Double> parameters) {
        this(name, underlyings, start, end, legs, entry, exits, fills, sizing, cashRate, parameters, null, null);
    }

    /** This spec under another name (a portfolio's member runs as {@code <portfolio>/<strategy>}). */
    public StrategySpec withName(String newName) {
        return new StrategySpec(newName, underlyings, start, end, legs, entry, exits, fills, sizing, cashRate,
                parameters, assignment, universe);
    }

    /** This spec with other capital, sizing or margin. */
    public StrategySpec withSizing(Sizing newSizing) {
        return new StrategySpec(name, underlyings, start, end, legs, entry, exits, fills, newSizing, cashRate,
                parameters, assignment, universe);
    }

    public boolean trades(LocalDate date) {
        return (start == null || !date.isBefore(start)) && (end == null || !date.isAfter(end));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Defaults: enter when flat, hold to expiry, mid fills without commission, 100 000 and one unit, no interest. */
    public static final class Builder {
        private final String name;
        private List<String> underlyings = List.of();
        private LocalDate start;
        private LocalDate end;
        private final List<Leg> legs = new ArrayList<>();
        private EntrySchedule entry = EntrySchedule.whenFlat();
        private ExitRules exits = ExitRules.atExpiry();
        private ExecutionCosts fills = new ExecutionCosts(FillModel.MID, 0);
        private Sizing sizing = Sizing.fixed(100_000, 1);
        private double cashRate;
        private Map<String, Double> parameters = Map.of();
        private Assignment assignment = Assignment.DEFAULT;
        private Universe universe = Universe.STANDARD;

        private Builder(String name) {
            this.name = name;
        }

        public Builder underlyings(String... symbols) {
            this.underlyings = List.of(symbols);
            return this;
        }

        public Builder dates(LocalDate start, LocalDate end) {
            this.start = start;
            this.end = end;
            return this;
        }

        public Builder leg(Leg leg) {
            legs.add(leg);
            return this;
        }

        public Builder legs(List<Leg> more) {
            legs.addAll(more);
            return this;
        }

        public Builder entry(EntrySchedule entry) {
            this.entry = entry;
            return this;
        }

        public Builder exits(ExitRules exits) {
            this.exits = exits;
            return this;
        }

        public Builder fills(FillModel model, double commissionPerContract) {
            this.fills = new ExecutionCosts(model, commissionPerContract);
            return this;
        }

        public Builder fills(ExecutionCosts fills) {
            this.fills = fills;
            return this;
        }

        public Builder sizing(Sizing sizing) {
            this.sizing = sizing;
            return this;
        }

        public Builder cashRate(double cashRate) {
            this.cashRate = cashRate;
            return this;
        }

        public Builder parameters(Map<String, Double> parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder assignment(Assignment assignment) {
            this.assignment = assignment;
            return this;
        }

        public Builder universe(Universe universe) {
            this.universe = universe;
            return this;
        }

        public StrategySpec build() {
            return new StrategySpec(name, underlyings, start, end, legs, entry, exits, fills, sizing, cashRate,
                    parameters, assignment, universe);
        }
    }
}
