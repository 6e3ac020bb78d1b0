package dev.tradingpipeline.example;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.LegOrder;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A strategy of this project's own, selected in config.yaml by class name: sell a strangle at
 * about the 16-delta put and call, 25-45 days out, whenever flat; close it as soon as either short
 * option's delta passes 0.35 (a delta breach, which none of the built-in families does).
 *
 * <p>Parameters (config {@code params:} or a sweep): {@code delta} (default 0.16),
 * {@code breach-delta} (default 0.35).
 */
public final class DeltaBreachStrangle implements Strategy {

    private final double targetDelta;
    private final double breachDelta;

    public DeltaBreachStrangle(StrategySpec spec) {
        this.targetDelta = spec.parameters().getOrDefault("delta", 0.16);
        this.breachDelta = spec.parameters().getOrDefault("breach-delta", 0.35);
    }

    @Override
    public List<Order> onDay(DayChain day, PortfolioView portfolio, Notes notes) {
        if (!portfolio.positions().isEmpty()) {
            for (Position p : portfolio.positions()) {
                if (breached(p, day)) {
                    return List.of(new Order.Close(p.id(), ExitReason.STOP_LOSS));
                }
            }
            return List.of();
        }
        Optional<LocalDate> expiration = day.quotes().stream()
                .filter(q -> q.dte() >= 25 && q.dte() <= 45)
                .map(OptionQuote::expiration)
                .min(Comparator.comparingLong(e -> Math.abs(ChronoUnit.DAYS.between(day.date().plusDays(30), e))));
        if (expiration.isEmpty()) {
            notes.add("no expiration 25-45 days out");
            return List.of();
        }
        Optional<OptionQuote> put = nearestDelta(day, expiration.get(), OptionRight.PUT);
        Optional<OptionQuote> call = nearestDelta(day, expiration.get(), OptionRight.CALL);
        if (put.isEmpty() || call.isEmpty()) {
            notes.add("no tradable " + targetDelta + "-delta put and call on " + expiration.get());
            return List.of();
        }
        return List.of(new Order.Open(List.of(new LegOrder(put.get().key(), -1), new LegOrder(call.get().key(), -1))));
    }

    private Optional<OptionQuote> nearestDelta(DayChain day, LocalDate expiration, OptionRight right) {
        return day.quotes().stream()
                .filter(q -> q.expiration().equals(expiration) && q.right() == right)
                .filter(q -> q.delta1545() != null && q.tradable1545())
                .min(Comparator.comparingDouble(q -> Math.abs(Math.abs(q.delta1545()) - targetDelta)));
    }

    private boolean breached(Position p, DayChain day) {
        for (PositionLeg leg : p.legs()) {
            if (leg.isOption() && leg.quantity() < 0) {
                Optional<OptionQuote> q = day.quote(leg.contract());
                if (q.isPresent() && q.get().delta1545() != null && Math.abs(q.get().delta1545()) > breachDelta) {
                    return true;
                }
            }
        }
        return false;
    }
}
