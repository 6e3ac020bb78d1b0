package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.LegOrder;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A strategy described entirely by a {@link StrategySpec}: its legs, entry schedule, exit rules
 * and sizing. Every built-in family ({@link Families}) runs through this class.
 */
public final class RuleBasedStrategy implements Strategy {

    private final StrategySpec spec;
    private final EntryScheduler scheduler;

    public RuleBasedStrategy(StrategySpec spec) {
        if (spec.legs().isEmpty()) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "' has no legs");
        }
        this.spec = spec;
        this.scheduler = new EntryScheduler(spec.entry());
    }

    @Override
    public List<Order> onDay(DayChain day, PortfolioView portfolio, Notes notes) {
        List<Order> orders = new ArrayList<>();
        Set<Long> closing = new HashSet<>();
        for (Position p : portfolio.positions()) {
            exitReason(p, day).ifPresent(reason -> {
                orders.add(new Order.Close(p.id(), reason));
                closing.add(p.id());
            });
        }
        boolean flat = portfolio.positions().stream()
                .allMatch(p -> p.endsBy(day.date()) || closing.contains(p.id()));
        if (scheduler.due(day.date(), flat)) {
            entry(day, portfolio.freeCapital(day.date(), closing), notes).ifPresent(orders::add);
        }
        return orders;
    }

    private Optional<ExitReason> exitReason(Position p, DayChain day) {
        ExitRules exits = spec.exits();
        if (exits.exitAtDte() != null && minDte(p, day.date()) <= exits.exitAtDte()) {
            return Optional.of(ExitReason.DTE);
        }
        if (exits.takeProfit() == null && exits.stopLoss() == null) {
            return Optional.empty();
        }
        OptionalDouble value = p.value1545(day);
        if (value.isEmpty()) {
            return Optional.empty(); // no quote to judge by; the engine notes the missing mark
        }
        double entryValue = p.entryValue();
        double pnl = value.getAsDouble() - entryValue;
        double premium = Math.abs(entryValue);
        if (exits.stopLoss() != null && pnl <= -exits.stopLoss() * premium + 1e-9) {
            return Optional.of(ExitReason.STOP_LOSS);
        }
        if (exits.takeProfit() != null && pnl >= exits.takeProfit() * premium - 1e-9) {
            return Optional.of(ExitReason.TAKE_PROFIT);
        }
        return Optional.empty();
    }

    private static long minDte(Position p, LocalDate today) {
        return p.legs().stream()
                .filter(l -> l.isOption() && !l.isClosed())
                .mapToLong(l -> ChronoUnit.DAYS.between(today, l.contract().expiration()))
                .min()
                .orElse(Long.MAX_VALUE);
    }

    private Optional<Order> entry(DayChain day, double freeCapital, Notes notes) {
        List<OptionQuote> picked = pickContracts(day, notes);
        if (picked == null) {
            return Optional.empty();
        }
        if (picked.contains(null) && !Double.isFinite(day.underlyingPrice1545())) {
            notes.add("no 15:45 price of " + day.underlying() + " today for the underlying leg; no entry");
            return Optional.empty();
        }
        // one unit's debit (at the configured fill) and collateral decide how many units fit
        double unitDebit = 0;
        List<Collateral.Exposure> exposures = new ArrayList<>();
        List<RegTMargin.Leg> marginLegs = new ArrayList<>();
        for (int i = 0; i < spec.legs().size(); i++) {
            Leg leg = spec.legs().get(i);
            int qty = leg.quantity(1);
            OptionQuote q = picked.get(i);
            double price = q == null ? day.underlyingPrice1545() : spec.fills().model().price(q, qty > 0);
            unitDebit += qty * price * Position.MULTIPLIER;
            exposures.add(new Collateral.Exposure(q == null ? null : q.right(), q == null ? 0 : q.strike(), qty));
            marginLegs.add(new RegTMargin.Leg(q == null ? null : q.right(), q == null ? 0 : q.strike(),
                    q == null ? null : q.expiration(), qty, price));
        }
        int units;
        if (spec.sizing().fixedUnits() != null) {
            units = spec.sizing().fixedUnits();
        } else {
            double perUnit = spec.sizing().margin() == Margin.REG_T
                    ? RegTMargin.tiedUp(marginLegs, day.underlyingPrice1545(), RegTMargin.broadBased(day.underlying())
                            || picked.stream().anyMatch(q -> q != null && RegTMargin.broadBased(q.root())))
                    : Collateral.of(exposures, unitDebit, day.underlyingPrice1545());
            units = perUnit <= 0 ? 0 : (int) Math.floor(freeCapital / perUnit + 1e-9);
            if (units < 1) {
                notes.add(String.format(java.util.Locale.ROOT,
                        "free capital %.2f does not cover one unit's collateral %.2f; no entry", freeCapital, perUnit));
                return Optional.empty();
            }
        }
        List<LegOrder> legs = new ArrayList<>();
        for (int i = 0; i < spec.legs().size(); i++) {
            OptionQuote q = picked.get(i);
            legs.add(new LegOrder(q == null ? null : q.key(), spec.legs().get(i).quantity(units)));
        }
        return Optional.of(new Order.Open(legs));
    }

    /**
     * One contract per leg (null for an underlying leg), or null after noting the first leg with
     * no eligible contract. Legs sharing the first option leg's DTE range share one expiration, so
     * that a spread is not built across expirations by accident.
     */
    private List<OptionQuote> pickContracts(DayChain day, Notes notes) {
        List<Leg> legs = spec.legs();
        Leg lead = legs.stream().filter(Leg::isOption).findFirst().orElse(null);
        List<LocalDate> shared = lead == null ? List.of() : ContractSelector.expirations(day, lead.dte());
        for (LocalDate expiration : shared) {
            List<OptionQuote> picked = tryExpiration(day, expiration, lead.dte());
            if (picked != null) {
                return picked;
            }
        }
        // report the first leg that fails in the preferred expiration (or has none at all)
        LocalDate preferred = shared.isEmpty() ? null : shared.get(0);
        for (int i = 0; i < legs.size(); i++) {
            Leg leg = legs.get(i);
            if (!leg.isOption()) {
                continue;
            }
            boolean found = leg.dte().equals(lead.dte())
                    ? preferred != null && ContractSelector.select(day, leg, preferred).isPresent()
                    : ContractSelector.expirations(day, leg.dte()).stream()
                            .anyMatch(e -> ContractSelector.select(day, leg, e).isPresent());
            if (!found) {
                notes.add("no eligible contract for leg " + (i + 1) + " (" + leg.describe() + ")");
                return null;
            }
        }
        if (lead == null) {
            List<OptionQuote> none = new ArrayList<>();
            legs.forEach(l -> none.add(null));
            return none;
        }
        notes.add("no expiration in " + lead.dte() + " has an eligible contract for every leg");
        return null;
    }

    private List<OptionQuote> tryExpiration(DayChain day, LocalDate expiration, DteRange leadRange) {
        List<OptionQuote> picked = new ArrayList<>();
        for (Leg leg : spec.legs()) {
            if (!leg.isOption()) {
                picked.add(null);
                continue;
            }
            Optional<OptionQuote> q = leg.dte().equals(leadRange)
                    ? ContractSelector.select(day, leg, expiration)
                    : ContractSelector.expirations(day, leg.dte()).stream()
                            .map(e -> ContractSelector.select(day, leg, e))
                            .flatMap(Optional::stream)
                            .findFirst();
            if (q.isEmpty()) {
                return null;
            }
            picked.add(q.get());
        }
        return picked;
    }
}
