package dev.tradingpipeline.jobs.strategy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortfolioConfigTest {

    private static final String STRATEGIES = """
            strategies:
              - name: spx-put-write
                family: put_write
                underlyings: [^SPX]
                capital: 1000000
              - name: iron
                family: iron_condor
                underlyings: [^SPX, SPY]
                contracts: 2
                sweep: {short_delta: [0.15, 0.20], wing_delta: [0.05]}
              - name: strangle
                class: com.example.Strangle
                underlyings: [SPY]
                margin: reg-t
            """;

    private static ConfiguredStrategies configured(String yaml) {
        return StrategyConfig.configured(TradingConfig.parse(yaml, "config.yaml", ".", Map.of(), "--set "));
    }

    private static List<String> problems(String yaml) {
        try {
            configured(yaml);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("Invalid configuration:\n  - ");
            return e.problems().stream().map(Problem::line).toList();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void weightsShareThePortfoliosCapitalAndAStrategyOnTwoUnderlyingsSplitsItsShare() {
        ConfiguredStrategies c = configured(STRATEGIES + """
                portfolios:
                  - name: income
                    capital: 2000000
                    members:
                      - {strategy: spx-put-write, weight: 0.6}
                      - strategy: iron[wing_delta=0.05, short_delta=0.2]
                        weight: 0.4
                """);
        assertThat(c.strategies()).extracting(StrategyDefinition::name).containsExactly("spx-put-write", "iron",
                "strangle");
        PortfolioDefinition p = c.portfolios().get(0);
        assertThat(p.name()).isEqualTo("income");
        assertThat(p.capital()).isEqualTo(2_000_000);
        assertThat(p.margin()).isEqualTo(Margin.CASH);

        PortfolioDefinition.Member putWrite = p.members().get(0);
        StrategySpec configured = c.strategies().get(0).spec();
        // 0.6 x 2 000 000 = 1 200 000 on its one underlying, sized from capital as configured
        assertThat(putWrite.spec()).isEqualTo(configured.withName("income/spx-put-write")
                .withSizing(Sizing.fromCapital(1_200_000)));
        assertThat(putWrite.weight()).isEqualTo(0.6);
        assertThat(putWrite.weightPerUnderlying()).isEqualTo(0.6);

        // the grid point in any order and number format is the sweep's own point, named as the sweep names it;
        // 0.4 x 2 000 000 = 800 000 split over ^SPX and SPY: 400 000 each, still 2 contracts per entry
        PortfolioDefinition.Member iron = p.members().get(1);
        StrategySpec point = StrategyConfig.expand(c.strategies().get(1)).get(1);
        assertThat(point.name()).isEqualTo("iron[short_delta=0.2,wing_delta=0.05]");
        assertThat(iron.strategy()).isEqualTo("iron[short_delta=0.2,wing_delta=0.05]");
        assertThat(iron.spec()).isEqualTo(point.withName("income/iron[short_delta=0.2,wing_delta=0.05]")
                .withSizing(Sizing.fixed(400_000, 2)));
        assertThat(iron.weightPerUnderlying()).isEqualTo(0.2);
    }

    @Test
    void capitalsOnTheMembersAddUpToThePortfoliosAndAPortfolioMarginAppliesToEveryMember() {
        ConfiguredStrategies c = configured(STRATEGIES + """
                portfolios:
                  - name: mixed
                    margin: reg-t
                    members:
                      - {strategy: spx-put-write, capital: 300000}
                      - {strategy: strangle, capital: 100000}
                """);
        PortfolioDefinition p = c.portfolios().get(0);
        // 300 000 + 100 000 = 400 000: weights 0.75 and 0.25
        assertThat(p.capital()).isEqualTo(400_000);
        assertThat(p.margin()).isEqualTo(Margin.REG_T);
        assertThat(p.members()).extracting(PortfolioDefinition.Member::weight).containsExactly(0.75, 0.25);
        assertThat(p.members().get(0).spec().sizing()).isEqualTo(Sizing.fromCapital(300_000).withMargin(Margin.REG_T));
        assertThat(p.members().get(1).spec().sizing()).isEqualTo(Sizing.fromCapital(100_000).withMargin(Margin.REG_T));
        assertThat(p.members().get(1).strategyClass()).contains("com.example.Strangle");
        assertThat(p.members().get(1).spec().name()).isEqualTo("mixed/strangle");
    }

    @Test
    void weightsThatSumToOneOnlyInDecimalArithmeticAreAccepted() {
        // 0.7 + 0.2 + 0.1, summed in the order written, is 0.9999999999999999 in doubles: within 1e-9 of 1
        assertThat(0.7 + 0.2 + 0.1).isNotEqualTo(1.0);
        ConfiguredStrategies c = configured("""
                strategies:
                  - {name: a, family: short_put, underlyings: [^SPX]}
                  - {name: b, family: short_call, underlyings: [^SPX]}
                  - {name: c, family: short_strangle, underlyings: [^SPX]}
                portfolios:
                  - name: p
                    members: [{strategy: a, weight: 0.7}, {strategy: b, weight: 0.2}, {strategy: c, weight: 0.1}]
                """);
        PortfolioDefinition p = c.portfolios().get(0);
        assertThat(p.capital()).isEqualTo(StrategyConfig.DEFAULT_CAPITAL);
        assertThat(p.members()).extracting(m -> m.spec().sizing().capital())
                .containsExactly(0.7 * 100_000, 0.2 * 100_000, 0.1 * 100_000);
    }

    @Test
    void everyProblemOfStrategiesAndPortfoliosIsReportedAtOnceWithItsPath() {
        List<String> problems = problems(STRATEGIES.replace("    capital: 1000000\n", "    fill: middle\n") + """
                portfolios:
                  - name: income
                    members:
                      - {strategy: spx-pw, weight: 0.5}
                      - {strategy: iron, weight: 0.3}
                      - {strategy: 'iron[short_delta=0.17]', weight: 0.2}
                  - name: iron
                    capital: 0
                    members:
                      - {strategy: strangle, weight: 0.5, capital: 10}
                      - {strategy: strangle, weigth: 0.5}
                  - name: sums
                    margin: cash
                    members:
                      - {strategy: 'iron[short_delta=0.15,wing_delta=0.05]', weight: 0.5}
                      - {strategy: strangle, weight: 0.4}
                  - name: sums
                    members: [{strategy: strangle, weight: 1}]
                  - name: a/b
                    mebers: []
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                "config.yaml: strategies[0].fill: expected mid or far, got 'middle'",
                "config.yaml: portfolios[0].members[0].strategy: unknown strategy 'spx-pw'"
                        + " (did you mean 'spx-put-write'?)",
                "config.yaml: portfolios[0].members[1].strategy: 'iron' is a sweep of 2 combinations: name one of"
                        + " them, e.g. 'iron[short_delta=0.15,wing_delta=0.05]'",
                "config.yaml: portfolios[0].members[2].strategy: 'iron[short_delta=0.17]' is not a grid point of"
                        + " the sweep of 'iron' (it sweeps short_delta, wing_delta); its points:"
                        + " iron[short_delta=0.15,wing_delta=0.05], iron[short_delta=0.2,wing_delta=0.05]",
                "config.yaml: portfolios[1].name: 'iron' is already the name of a strategy: the gold tables tell"
                        + " them apart by name, so give the portfolio its own",
                "config.yaml: portfolios[1].capital: expected a capital > 0, got 0",
                "config.yaml: portfolios[1].members[0]: give weight or capital, not both",
                "config.yaml: portfolios[1].members[1].weigth: not a known key (did you mean 'weight'?)",
                "config.yaml: portfolios[1].members[1]: needs weight (a share of the portfolio's capital) or"
                        + " capital (an amount)",
                "config.yaml: portfolios[1].members[1].strategy: 'strangle' is already a member"
                        + " (portfolios[1].members[0]): give it one member with the sum of the shares",
                "config.yaml: portfolios[2].members: the weights sum to 0.9, not 1: each is the member's share of"
                        + " the portfolio's capital, and they must add up to all of it",
                "config.yaml: portfolios[3].name: 'sums' is already the name of portfolios[2]",
                "config.yaml: portfolios[4].name: must not contain [, ] or / (its members run as"
                        + " <portfolio>/<strategy>), got 'a/b'",
                "config.yaml: portfolios[4].mebers: not a known key (did you mean 'members'?)",
                "config.yaml: portfolios[4].members: required: the strategies of the portfolio, e.g."
                        + " [{strategy: a, weight: 0.6}, {strategy: b, weight: 0.4}]");
    }

    @Test
    void sharesGivenBothWaysAndMarginsThatDifferAreRefused() {
        assertThat(problems(STRATEGIES + """
                portfolios:
                  - name: p
                    capital: 500000
                    members:
                      - {strategy: spx-put-write, capital: 400000}
                      - {strategy: strangle, weight: 0.2}
                """)).containsExactlyInAnyOrder(
                "config.yaml: portfolios[0].members[1]: give capital like members[0]: the members' shares are all"
                        + " weights or all capitals",
                "config.yaml: portfolios[0].capital: the members give their capital: the portfolio's is their sum"
                        + " (400000); give capital here with weights on the members, or on the members alone",
                "config.yaml: portfolios[0].margin: not given, and the members' margins differ (spx-put-write: cash,"
                        + " strangle: reg-t): one account has one margin rule; set margin: cash or reg-t");
    }

    @Test
    void aMemberNamingAStrategyWithProblemsOfItsOwnIsNotReportedAgain() {
        assertThat(problems("""
                strategies:
                  - {name: a, family: short_put, underlyings: [^SPX], fill: middle}
                portfolios:
                  - {name: p, members: [{strategy: a, weight: 1}]}
                """)).containsExactly("config.yaml: strategies[0].fill: expected mid or far, got 'middle'");
        assertThat(problems("portfolios:\n  - {name: p, members: [{strategy: a, weight: 1}]}\n"))
                .containsExactly("config.yaml: portfolios[0].members[0].strategy: unknown strategy 'a'; there are"
                        + " no strategies");
    }

    @Test
    void aPortfolioTakesABenchmarkSeriesOrItsOneUnderlyingsBuyAndHold() {
        ConfiguredStrategies c = configured(STRATEGIES + """
                portfolios:
                  - name: spx-only
                    benchmark: underlying
                    members: [{strategy: spx-put-write, weight: 1}]
                  - name: mixed
                    benchmark: {csv: put.csv, name: PUT}
                    margin: reg-t
                    members: [{strategy: spx-put-write, weight: 0.5}, {strategy: strangle, weight: 0.5}]
                """);
        assertThat(c.portfolios().get(0).benchmark()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(BenchmarkSpec.Kind.UNDERLYING);
            assertThat(b.nameFor("^SPX")).isEqualTo("^SPX buy-and-hold");
        });
        assertThat(c.portfolios().get(1).benchmark()).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(BenchmarkSpec.Kind.CSV);
            assertThat(b.csv()).endsWith("put.csv");
            assertThat(b.name()).isEqualTo("PUT");
        });

        // the buy-and-hold of which underlying, when the members trade two? and a CSV without a name
        assertThat(problems(STRATEGIES + """
                portfolios:
                  - name: two
                    benchmark: underlying
                    margin: cash
                    members: [{strategy: spx-put-write, weight: 0.5}, {strategy: strangle, weight: 0.5}]
                  - name: unnamed
                    benchmark: {csv: put.csv}
                    members: [{strategy: spx-put-write, weight: 1}]
                """)).containsExactly(
                "config.yaml: portfolios[0].benchmark: underlying needs one underlying, and the members trade"
                        + " [SPY, ^SPX]: give a series instead, {csv: <file>, name: <name>}",
                "config.yaml: portfolios[1].benchmark.name: required: the name tables and the report give the"
                        + " series, e.g. name: PUT");
    }

    @Test
    void theListItselfMustBeAListOfMappings() {
        assertThatThrownBy(() -> configured("portfolios: {name: p}\n"))
                .hasMessageContaining("config.yaml: key 'portfolios': expected a list of portfolios (one mapping each)");
        assertThatThrownBy(() -> configured("portfolios: [p]\n"))
                .hasMessageContaining("config.yaml: portfolios[0]: expected a mapping of keys, got 'p'");
        assertThat(configured(STRATEGIES).portfolios()).isEmpty();
    }

    @Test
    void theShippedExamplePortfolioCombinesThePutWriteAndOneIronCondor() {
        TradingConfig config = TradingConfig.load(Path.of("..", "config.yaml"), Map.of(), "--set ");
        ConfiguredStrategies c = StrategyConfig.configured(config);
        assertThat(c.portfolios()).hasSize(1);
        PortfolioDefinition p = c.portfolios().get(0);
        assertThat(p.members()).extracting(PortfolioDefinition.Member::strategy)
                .containsExactly("spx-put-write", "spx-iron-condor[short_delta=0.2]");
        assertThat(p.members().stream().mapToDouble(PortfolioDefinition.Member::weight).sum()).isEqualTo(1.0);
        assertThat(StrategyConfig.parse(config)).hasSameSizeAs(c.strategies());
    }
}
