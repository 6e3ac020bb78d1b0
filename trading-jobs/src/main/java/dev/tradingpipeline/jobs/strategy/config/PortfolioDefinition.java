package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of config.yaml's {@code portfolios:} list, validated: named strategies combined into
 * one account. Each member runs as a simulation of its own book (named {@code <portfolio>/<strategy>},
 * one per underlying of the strategy, the share split equally among them), all of them in lockstep
 * in one shared account ({@link dev.tradingpipeline.jobs.strategy.engine.SharedAccount}: its capital and buying
 * power shared, its margin calls and ruin the account's); the account's series is the sum of the
 * members' ({@link dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount}).
 *
 * @param capital the account's starting capital: the members' capitals add up to it
 * @param margin the account's margin rule, which every member applies
 * @param members in the order written
 * @param benchmark what the account is compared with: a CSV series, or the buy-and-hold of the one
 *     underlying all its members trade
 */
public record PortfolioDefinition(String name, double capital, Margin margin, List<Member> members,
        Optional<BenchmarkSpec> benchmark) {

    public PortfolioDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(margin, "margin");
        members = List.copyOf(members);
        benchmark = benchmark == null ? Optional.empty() : benchmark;
        if (!(capital > 0)) {
            throw new IllegalArgumentException("portfolio '" + name + "': capital must be > 0, got " + capital);
        }
    }

    /** A portfolio without a benchmark. */
    public PortfolioDefinition(String name, double capital, Margin margin, List<Member> members) {
        this(name, capital, margin, members, Optional.empty());
    }

    /**
     * One member strategy.
     *
     * @param strategy the strategy as named in the portfolio: a strategy's name, or one grid point of
     *     a sweep ({@code iron[short_delta=0.15]}), in the form the sweep names its runs
     * @param weight its share of the portfolio's capital, in (0, 1]; the members' weights sum to 1
     * @param spec what the member runs: the strategy renamed {@code <portfolio>/<strategy>}, with
     *     {@code weight x capital / underlyings} as each simulation's capital (its share of the account:
     *     its weight there) and the portfolio's margin
     * @param strategyClass the strategy's user class, if it has one
     */
    public record Member(String strategy, double weight, StrategySpec spec, Optional<String> strategyClass) {

        public Member {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(spec, "spec");
            strategyClass = strategyClass == null ? Optional.empty() : strategyClass;
        }

        /** The weight of each of the member's simulations: one per underlying, the weight split equally. */
        public double weightPerUnderlying() {
            return weight / spec.underlyings().size();
        }
    }
}
