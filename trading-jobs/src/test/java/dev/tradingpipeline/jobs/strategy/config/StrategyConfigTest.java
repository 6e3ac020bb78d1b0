package dev.tradingpipeline.jobs.strategy.config;

import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.parse;
import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrategyConfigTest {



    private static final String VALID = "  - name: a\n    family: short_put\n    underlyings: [^SPX]\n";

    @Test
    void theShippedExamplesAreAPutWriteAndAnIronCondorOnSpx() {
        TradingConfig config = TradingConfig.load(Path.of("..", "config.yaml"), Map.of(), "--set ");
        List<StrategyDefinition> all = StrategyConfig.parse(config);
        assertThat(all).extracting(StrategyDefinition::name).containsExactly("spx-put-write", "spx-iron-condor");

        StrategySpec putWrite = all.get(0).spec();
        assertThat(putWrite.underlyings()).containsExactly("^SPX");
        assertThat(putWrite.legs()).isEqualTo(Families.of("put_write", Map.of()));
        assertThat(putWrite.entry()).isEqualTo(EntrySchedule.monthlyThirdFriday());
        assertThat(putWrite.exits()).isEqualTo(ExitRules.atExpiry());
        assertThat(putWrite.fills()).isEqualTo(new ExecutionCosts(FillModel.MID, 0.65));
        assertThat(putWrite.sizing()).isEqualTo(Sizing.fromCapital(1_000_000));
        assertThat(putWrite.cashRate()).isEqualTo(0.04);
        assertThat(all.get(0).sweep()).isEmpty();
        assertThat(StrategyConfig.expand(all.get(0))).containsExactly(putWrite);

        StrategyDefinition condor = all.get(1);
        assertThat(condor.family()).contains("iron_condor");
        assertThat(condor.spec().legs()).hasSize(4);
        assertThat(condor.spec().exits()).isEqualTo(new ExitRules(null, 0.5, 2.0));
        assertThat(condor.spec().sizing()).isEqualTo(Sizing.fixed(1_000_000, 2));
        assertThat(condor.sweep()).containsExactly(Map.entry("short_delta", List.of(0.15, 0.20, 0.25)));
        // the put-write against its underlying held, the condor's sweep checked out of sample
        assertThat(all.get(0).benchmark().map(b -> b.kind()))
                .contains(dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec.Kind.UNDERLYING);
        assertThat(condor.evaluation()).contains(dev.tradingpipeline.jobs.strategy.engine.Evaluation.inSample(
                java.time.LocalDate.of(2024, 1, 19), dev.tradingpipeline.jobs.strategy.engine.Evaluation.Metric.SHARPE));
        List<StrategySpec> runs = StrategyConfig.expand(condor);
        assertThat(runs).extracting(StrategySpec::name).containsExactly("spx-iron-condor[short_delta=0.15]",
                "spx-iron-condor[short_delta=0.2]", "spx-iron-condor[short_delta=0.25]");
        assertThat(runs.get(0).legs().get(0).strike()).isEqualTo(new StrikeSelection.ByDelta(0.15, 0.10));
        assertThat(runs.get(0).parameters()).containsEntry("short_delta", 0.15).containsEntry("wing_delta", 0.05);
    }

    @Test
    void defaultsAreAMonthlyRollAtMidWithCommissionSizedFromCapital() {
        StrategyDefinition d = parse("strategies:\n" + VALID).get(0);
        StrategySpec s = d.spec();
        assertThat(s.entry()).isEqualTo(EntrySchedule.monthlyThirdFriday());
        assertThat(s.exits()).isEqualTo(ExitRules.atExpiry());
        assertThat(s.fills()).isEqualTo(new ExecutionCosts(FillModel.MID, 0.65));
        assertThat(s.sizing()).isEqualTo(Sizing.fromCapital(100_000));
        assertThat(s.cashRate()).isZero();
        assertThat(s.start()).isNull();
        assertThat(s.end()).isNull();
        assertThat(s.parameters()).isEmpty();
        assertThat(d.strategyClass()).isEmpty();
        assertThat(d.combinations()).isEqualTo(1);
    }

    @Test
    void noStrategiesIsAnEmptyList() {
        assertThat(parse("target: local\n")).isEmpty();
        assertThat(parse("strategies:\n")).isEmpty();
    }

    @Test
    void explicitLegsWithEveryOption() {
        List<StrategyDefinition> all = parse("strategies:\n"
                + "  - name: spx-short-put-spread\n"
                + "    legs:\n"
                + "      - {type: put, side: short, dte: {min: 20, target: 30, max: 45}, delta: {target: 0.30, band: 0.05}}\n"
                + "      - {type: put, side: long, ratio: 1, dte: {min: 20, target: 30, max: 45}, moneyness: {offset: -0.05}}\n"
                + "    underlyings: [^SPX, SPY]\n"
                + "    start: 2024-01-02\n"
                + "    end: 2024-12-31\n"
                + "    entry: {weekly: FRIDAY}\n"
                + "    exit: {dte: 5, take-profit: 0.5, stop-loss: 2.0}\n"
                + "    fill: far\n"
                + "    commission: 1\n"
                + "    contracts: 1\n"
                + "  - name: buy-write\n"
                + "    legs:\n"
                + "      - type: underlying\n"
                + "        side: long\n"
                + "      - type: call\n"
                + "        side: short\n"
                + "        delta: 0.3\n"
                + "      - type: call\n"
                + "        side: long\n"
                + "        ratio: 2\n"
                + "        moneyness: {offset: 50, unit: points}\n"
                + "    underlyings: SPY\n"
                + "    entry: {every-n-days: 7}\n"
                + "    sizing: fixed\n"
                + "    cash-rate: 0.04\n"
                + "  - name: flat\n"
                + "    class: com.example.MyStrategy\n"
                + "    underlyings: [AAPL]\n"
                + "    entry: when-flat\n"
                + "    exit: expiry\n"
                + "    params: {lookback: 20}\n");
        StrategySpec spread = all.get(0).spec();
        DteRange dte = new DteRange(20, 45, 30);
        assertThat(spread.legs()).containsExactly(
                Leg.option(OptionRight.PUT, Side.SHORT, 1, dte, new StrikeSelection.ByDelta(0.30, 0.05)),
                Leg.option(OptionRight.PUT, Side.LONG, 1, dte,
                        new StrikeSelection.ByMoneyness(-0.05, StrikeSelection.OffsetUnit.FRACTION)));
        assertThat(spread.underlyings()).containsExactly("^SPX", "SPY");
        assertThat(spread.start()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(spread.end()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(spread.entry()).isEqualTo(EntrySchedule.weekly(DayOfWeek.FRIDAY));
        assertThat(spread.exits()).isEqualTo(new ExitRules(5, 0.5, 2.0));
        assertThat(spread.fills()).isEqualTo(new ExecutionCosts(FillModel.FAR, 1));
        assertThat(spread.sizing()).isEqualTo(Sizing.fixed(100_000, 1));
        assertThat(all.get(0).family()).isEmpty();

        StrategySpec buyWrite = all.get(1).spec();
        assertThat(buyWrite.legs()).containsExactly(
                Leg.underlying(Side.LONG, 1),
                Leg.option(OptionRight.CALL, Side.SHORT, 1, StrategyConfig.DEFAULT_DTE,
                        new StrikeSelection.ByDelta(0.3, 0.10)),
                Leg.option(OptionRight.CALL, Side.LONG, 2, StrategyConfig.DEFAULT_DTE,
                        new StrikeSelection.ByMoneyness(50, StrikeSelection.OffsetUnit.POINTS)));
        assertThat(buyWrite.underlyings()).containsExactly("SPY");
        assertThat(buyWrite.entry()).isEqualTo(EntrySchedule.everyNDays(7));
        assertThat(buyWrite.sizing()).isEqualTo(Sizing.fixed(100_000, 1));
        assertThat(buyWrite.cashRate()).isEqualTo(0.04);

        StrategyDefinition flat = all.get(2);
        assertThat(flat.strategyClass()).contains("com.example.MyStrategy");
        assertThat(flat.spec().legs()).isEmpty();
        assertThat(flat.spec().entry()).isEqualTo(EntrySchedule.whenFlat());
        assertThat(flat.spec().parameters()).containsExactly(Map.entry("lookback", 20.0));
    }

    @Test
    void aSweepIsTheCartesianProductNamedByItsPoint() {
        StrategyDefinition d = parse("strategies:\n"
                + "  - name: sp\n"
                + "    family: short_put\n"
                + "    params: {dte_max: 60, delta: 0.3}\n"
                + "    underlyings: [^SPX]\n"
                + "    sweep:\n"
                + "      delta: [0.15, 0.2, 0.25]\n"
                + "      dte_target: [30, 45]\n").get(0);
        assertThat(d.combinations()).isEqualTo(6);
        assertThat(d.spec().name()).isEqualTo("sp");
        List<StrategySpec> specs = StrategyConfig.expand(d);
        assertThat(specs).extracting(StrategySpec::name).containsExactly(
                "sp[delta=0.15,dte_target=30]", "sp[delta=0.15,dte_target=45]",
                "sp[delta=0.2,dte_target=30]", "sp[delta=0.2,dte_target=45]",
                "sp[delta=0.25,dte_target=30]", "sp[delta=0.25,dte_target=45]");
        StrategySpec last = specs.get(5);
        assertThat(last.parameters()).isEqualTo(Map.of("delta", 0.25, "dte_target", 45.0, "dte_max", 60.0));
        assertThat(last.legs()).isEqualTo(Families.of("short_put", last.parameters()));
        assertThat(last.legs().get(0).dte()).isEqualTo(new DteRange(20, 60, 45));
        assertThat(last.underlyings()).isEqualTo(d.spec().underlyings());
        assertThat(last.fills()).isEqualTo(d.spec().fills());
    }

    @Test
    void aClassSweepsItsOwnParametersAndTheFamilyGetsOnlyItsOwn() {
        StrategyDefinition d = parse("strategies:\n"
                + "  - name: mine\n"
                + "    class: com.example.Mine\n"
                + "    family: iron_condor\n"
                + "    underlyings: [SPY]\n"
                + "    sweep: {short_delta: [0.1, 0.3], lookback: [5]}\n").get(0);
        List<StrategySpec> specs = StrategyConfig.expand(d);
        assertThat(specs).extracting(StrategySpec::name)
                .containsExactly("mine[short_delta=0.1,lookback=5]", "mine[short_delta=0.3,lookback=5]");
        assertThat(specs.get(1).legs()).isEqualTo(Families.of("iron_condor", Map.of("short_delta", 0.3)));
        assertThat(specs.get(1).parameters()).containsEntry("lookback", 5.0);

        StrategyDefinition noFamily = new StrategyDefinition(d.spec(), Optional.of("x.Y"), Map.of("k", List.of(1.0, 2.0)));
        assertThat(StrategyConfig.expand(noFamily)).extracting(StrategySpec::legs).containsOnly(d.spec().legs());
    }

    @Test
    void missingAndDuplicateNames() {
        assertThat(problems("strategies:\n  - family: short_put\n    underlyings: [^SPX]\n"))
                .containsExactly("config.yaml: strategies[0].name: required: every strategy needs a unique name");
        assertThat(problems("strategies:\n" + VALID + VALID + VALID)).containsExactly(
                "config.yaml: strategies[1].name: 'a' is already the name of strategies[0]",
                "config.yaml: strategies[2].name: 'a' is already the name of strategies[0]");
    }

    @Test
    void unknownFamily() {
        assertThat(problems("strategies:\n  - name: a\n    family: iron_condr\n    underlyings: [^SPX]\n"))
                .containsExactly("config.yaml: strategies[0].family: unknown family 'iron_condr' (did you mean"
                        + " 'iron_condor'?); known: " + String.join(", ", Families.names()));
    }

    @Test
    void badLegs() {
        assertThat(problems("strategies:\n" + VALID
                + "  - name: b\n    underlyings: [^SPX]\n    legs:\n"
                + "      - {type: put, side: lng, delta: 0.2}\n"
                + "      - {type: cal, side: short, delta: 1.5, dte: {min: 30, target: 20, max: 45}}\n"
                + "      - {type: put, side: short, dte: {min: 1, max: 2}}\n"
                + "      - {type: underlying, side: long, delta: 0.5}\n"
                + "      - {type: put, sid: long, delta: 0.2, moneyness: 0}\n"
                + "      - plain\n")).containsExactly(
                "config.yaml: strategies[1].legs[0].side: expected long or short, got 'lng' (did you mean 'long'?)",
                "config.yaml: strategies[1].legs[1].type: expected call, put or underlying, got 'cal'"
                        + " (did you mean 'call'?)",
                "config.yaml: strategies[1].legs[1].dte: expected min <= target <= max, got min 30, target 20, max 45",
                "config.yaml: strategies[1].legs[1].delta: expected an absolute delta in (0, 1], got 1.5",
                "config.yaml: strategies[1].legs[2].dte.target: required: days to expiry (dte takes min, max and target)",
                "config.yaml: strategies[1].legs[2]: an option leg needs delta: {target, band} or moneyness:"
                        + " {offset, unit}",
                "config.yaml: strategies[1].legs[3].delta: an underlying leg takes no delta",
                "config.yaml: strategies[1].legs[4].sid: not a known key (did you mean 'side'?)",
                "config.yaml: strategies[1].legs[4].side: required: long or short",
                "config.yaml: strategies[1].legs[4]: give either delta or moneyness, not both",
                "config.yaml: strategies[1].legs[5]: expected a mapping with type and side, got 'plain'");
    }

    @Test
    void badDates() {
        assertThat(problems("strategies:\n" + VALID + "    start: 2024-13-01\n    end: 2024-02-30\n")).containsExactly(
                "config.yaml: strategies[0].start: expected a date as yyyy-MM-dd, got '2024-13-01'",
                "config.yaml: strategies[0].end: expected a date as yyyy-MM-dd, got '2024-02-30'");
        assertThat(problems("strategies:\n" + VALID + "    start: 2024-06-01\n    end: 2024-01-31\n"))
                .containsExactly("config.yaml: strategies[0].end: 2024-01-31 is before start 2024-06-01");
    }

    @Test
    void unknownKeysWithHints() {
        assertThat(problems("strategies:\n" + VALID + "    comission: 1\n    exit: {take-proft: 0.5}\n"
                + "    wibble: 1\n")).containsExactly(
                "config.yaml: strategies[0].comission: not a known key (did you mean 'commission'?)",
                "config.yaml: strategies[0].wibble: not a known key; known: " + String.join(", ", StrategyConfig.KEYS),
                "config.yaml: strategies[0].exit.take-proft: not a known key (did you mean 'take-profit'?)");
    }

    @Test
    void sweepsAndParamsOnlyNameTheFamilysParameters() {
        assertThat(problems("strategies:\n" + VALID + "    sweep: {delta: [0.2], dte: [30, 45], dte_target: []}\n"
                + "    params: {ofset: 0.1}\n")).containsExactly(
                "config.yaml: strategies[0].params.ofset: short_put has no parameter 'ofset'; it takes"
                        + " delta, delta_band, dte_max, dte_min, dte_target",
                "config.yaml: strategies[0].sweep.dte_target: expected a list of values to try, e.g. [0.15, 0.20]",
                "config.yaml: strategies[0].sweep.dte: short_put has no parameter 'dte' (did you mean one of"
                        + " dte_max, dte_min, dte_target?); it takes delta, delta_band, dte_max, dte_min, dte_target");
        assertThat(problems("strategies:\n  - name: p\n    family: put_write\n    underlyings: [^SPX]\n"
                + "    sweep: {delta: [0.15, 0.2]}\n")).containsExactly(
                "config.yaml: strategies[0].sweep.delta: put_write has no parameter 'delta'; it takes"
                        + " delta_band, dte_max, dte_min, dte_target, offset");
        assertThat(problems("strategies:\n  - name: l\n    legs: [{type: put, side: short, delta: 0.2}]\n"
                + "    underlyings: [^SPX]\n    sweep: {delta: [0.1, x]}\n")).containsExactly(
                "config.yaml: strategies[0].sweep.delta[1]: expected a number, got 'x'");
        assertThat(problems("strategies:\n  - name: l\n    legs: [{type: put, side: short, delta: 0.2}]\n"
                + "    underlyings: [^SPX]\n    sweep: {delta: [0.1]}\n")).containsExactly(
                "config.yaml: strategies[0].sweep: only a family or a class takes parameters; explicit legs have none");
        assertThat(problems("strategies:\n" + VALID + "    sweep: {dte_target: [30, 50]}\n")).containsExactly(
                "config.yaml: strategies[0].sweep: a combination is not valid: expected dte_min <= dte_target"
                        + " <= dte_max, got dte_min 20 (the default), dte_target 50, dte_max 45 (the default)");
        assertThat(problems("strategies:\n" + VALID + "    params: {dte_min: 40}\n")).containsExactly(
                "config.yaml: strategies[0].params: expected dte_min <= dte_target <= dte_max, got dte_min 40,"
                        + " dte_target 30 (the default), dte_max 45 (the default)");
    }

    @Test
    void aFamilyEntryReportsEveryProblemOfItsParametersAtOnce() {
        // the case: the delta was lost behind the DTE window
        assertThat(problems("strategies:\n  - name: a\n    family: short_put\n    underlyings: [^SPX]\n"
                + "    params: {delta: 5, dte_min: 50, dte_max: 40}\n")).containsExactly(
                "config.yaml: strategies[0].params.delta: expected an absolute delta in (0, 1], got 5",
                "config.yaml: strategies[0].params: expected dte_min <= dte_target <= dte_max, got dte_min 50,"
                        + " dte_target 30 (the default), dte_max 40");
    }

    @Test
    void aFamilysDeltaBandIsBoundLikeALegsBand() {
        assertThat(problems("strategies:\n  - name: a\n    family: iron_condor\n    underlyings: [^SPX]\n"
                + "    params: {delta_band: 7}\n")).containsExactly(
                "config.yaml: strategies[0].params.delta_band: expected a band in [0, 1], got 7");
    }

    @Test
    void everyBadEntryAndEveryBadFieldIsReported() {
        assertThat(problems("strategies:\n"
                + "  - name: a\n    family: short_put\n    underlyings: [^SPX]\n    params: {delta: 5, dte_min: 1.5}\n"
                + "  - name: b\n    family: bull_put\n    underlyings: [^SPX]\n    fill: best\n"
                + "    params: {short_delta: 0}\n"
                + "    sweep: {long_delta: [0.1, -0.1], delta_band: [2], dte_max: [45, 20, 25.5]}\n")).containsExactly(
                "config.yaml: strategies[0].params.delta: expected an absolute delta in (0, 1], got 5",
                "config.yaml: strategies[0].params.dte_min: expected a whole number of days >= 0, got 1.5",
                "config.yaml: strategies[1].params.short_delta: expected an absolute delta in (0, 1], got 0",
                "config.yaml: strategies[1].sweep.long_delta[1]: expected an absolute delta in (0, 1], got -0.1",
                "config.yaml: strategies[1].sweep.delta_band[0]: expected a band in [0, 1], got 2",
                "config.yaml: strategies[1].sweep.dte_max[2]: expected a whole number of days >= 0, got 25.5",
                // a bad swept delta does not hide a bad window; the 25.5 makes none
                "config.yaml: strategies[1].sweep: a combination is not valid: expected dte_min <= dte_target"
                        + " <= dte_max, got dte_min 20 (the default), dte_target 30 (the default), dte_max 20",
                "config.yaml: strategies[1].fill: expected mid or far, got 'best'");
    }

    /** A value of each shared bound, as an explicit leg and as a family parameter: accepted or refused in both. */
    @Test
    void explicitLegsAndFamiliesShareEveryBound() {
        String[][] cases = {
            // the leg's numbers, the family, its parameters (the family's defaults are the leg's other numbers)
            {"delta: {target: %s}", "short_put", "delta: %s"},
            {"delta: {target: 0.3, band: %s}", "short_put", "delta: 0.3, delta_band: %s"},
            {"moneyness: {offset: %s}", "put_write", "offset: %s"},
            {"delta: 0.5, dte: {min: %s, target: 30, max: 45}", "short_put", "dte_min: %s"},
            {"delta: 0.5, dte: {min: 0, target: %s, max: 45}", "short_put", "dte_min: 0, dte_target: %s"},
            {"delta: 0.5, dte: {min: 20, target: 30, max: %s}", "short_put", "dte_max: %s"},
        };
        String[][] values = {
            {"0.3", "1", "0.0001", "0", "-0.2", "1.5", "5"},
            {"0", "0.05", "1", "-0.01", "1.01", "7"},
            {"0", "-0.05", "0.1", "-2", "3"},
            {"0", "20", "30", "-1", "20.5", "31"},
            {"0", "45", "30", "-1", "46", "29.5"},
            {"30", "1000", "45", "29", "-1", "45.5"},
        };
        for (int c = 0; c < cases.length; c++) {
            for (String v : values[c]) {
                String leg = "strategies:\n  - name: l\n    underlyings: [^SPX]\n    legs:\n"
                        + "      - {type: put, side: short, " + cases[c][0].formatted(v) + "}\n";
                String family = "strategies:\n  - name: f\n    underlyings: [^SPX]\n    family: " + cases[c][1]
                        + "\n    params: {" + cases[c][2].formatted(v) + "}\n";
                List<String> legProblems = problemsOrNone(leg);
                List<String> familyProblems = problemsOrNone(family);
                assertThat(familyProblems.isEmpty()).as(cases[c][2].formatted(v) + " vs " + cases[c][0].formatted(v)
                        + ": " + legProblems + " / " + familyProblems).isEqualTo(legProblems.isEmpty());
                if (legProblems.isEmpty()) {
                    // the family builds the leg the explicit entry describes
                    assertThat(parse(family).get(0).spec().legs()).isEqualTo(parse(leg).get(0).spec().legs());
                } else if (!cases[c][0].contains("dte")) {
                    // a single bad number: the same words after the path
                    assertThat(familyProblems).hasSize(1);
                    assertThat(afterPath(familyProblems.get(0))).isEqualTo(afterPath(legProblems.get(0)));
                }
            }
        }
    }

    @Test
    void assignmentDefaultsAndItsKeys() {
        assertThat(parse("strategies:\n" + VALID).get(0).spec().assignment()).isEqualTo(Assignment.DEFAULT);
        StrategySpec spec = parse("strategies:\n" + VALID
                + "    assignment: {extrinsic-below: 0.1, then: hold, european-roots: [SPX, XYZ]}\n").get(0).spec();
        assertThat(spec.assignment()).isEqualTo(new Assignment(0.1, Assignment.Then.HOLD, Set.of("SPX", "XYZ")));
    }

    @Test
    void badAssignmentSettingsAreAllReported() {
        assertThat(problems("strategies:\n" + VALID
                + "    assignment: {extrinsic-below: -0.01, then: keep, european-roots: [SPX, {a: 1}], when: now}\n"))
                .containsExactlyInAnyOrder(
                        "config.yaml: strategies[0].assignment.when: not a known key (did you mean 'then'?)",
                        "config.yaml: strategies[0].assignment.extrinsic-below: expected an extrinsic value per share"
                                + " >= 0 (0 turns early assignment off), got -0.01",
                        "config.yaml: strategies[0].assignment.then: expected close or hold, got 'keep'",
                        "config.yaml: strategies[0].assignment.european-roots[1]: expected an option root, got a"
                                + " mapping");
    }

    private static List<String> problemsOrNone(String yaml) {
        try {
            parse(yaml);
            return List.of();
        } catch (ConfigException e) {
            return problems(yaml);
        }
    }

    /** "expected ..., got 5" of "config.yaml: strategies[0].params.delta: expected ..., got 5". */
    private static String afterPath(String problem) {
        return problem.substring(problem.indexOf(": ", "config.yaml: ".length()) + 2);
    }

    @Test
    void badScheduleExitsMoneyAndShape() {
        assertThat(problems("strategies:\n"
                + "  - name: a\n    underlyings: []\n    entry: monthly\n    exit: {dte: -1, stop-loss: 0}\n"
                + "    fill: best\n    commission: -1\n    capital: 0\n    contracts: 2\n    sizing: from-capital\n"
                + "    class: 'not a class'\n"
                + "  - name: b\n    family: short_put\n    legs: [{type: put, side: short, delta: 0.2}]\n"
                + "    underlyings: [^SPX, ^SPX]\n    entry: {weekly: SATURDAY}\n    cash-rate: 4\n"
                + "  - name: c\n    underlyings: [SPY]\n    entry: weekly\n"
                + "  - name: d[1]\n    family: short_put\n    underlyings: [SPY]\n    entry: {every-n-days: 0}\n"
)).containsExactly(
                "config.yaml: strategies[0].class: expected a fully qualified Java class name, got 'not a class'",
                "config.yaml: strategies[0].underlyings: expected at least one symbol",
                "config.yaml: strategies[0].entry: expected monthly-third-friday, when-flat, weekly: <weekday> or"
                        + " every-n-days: <n>, got 'monthly'",
                "config.yaml: strategies[0].exit.dte: expected a whole number >= 0, got -1",
                "config.yaml: strategies[0].exit.stop-loss: expected a multiple of the entry premium > 0"
                        + " (2.0 closes at a loss of twice the credit), got 0",
                "config.yaml: strategies[0].fill: expected mid or far, got 'best'",
                "config.yaml: strategies[0].commission: expected a commission per contract >= 0, got -1",
                "config.yaml: strategies[0].capital: expected a capital > 0, got 0",
                "config.yaml: strategies[0].contracts: conflicts with sizing: from-capital; give one or the other",
                "config.yaml: strategies[1].legs: give either family or legs, not both",
                "config.yaml: strategies[1].underlyings[1]: '^SPX' is listed twice",
                "config.yaml: strategies[1].entry.weekly: expected a weekday, MONDAY to FRIDAY, got 'SATURDAY'",
                "config.yaml: strategies[1].cash-rate: expected a yearly rate as a fraction (0.04 is 4%), got 4",
                "config.yaml: strategies[2]: needs a family, explicit legs or a class",
                "config.yaml: strategies[2].entry: weekly needs a weekday: write entry: {weekly: FRIDAY}",
                "config.yaml: strategies[3].name: must not contain [ or ] (a sweep names its runs"
                        + " name[param=value]), got 'd[1]'",
                "config.yaml: strategies[3].entry.every-n-days: expected a whole number >= 1, got 0");
        assertThat(problems("strategies:\n  - name: a\n    family: short_put\n")).containsExactly(
                "config.yaml: strategies[0].underlyings: required: the symbols to trade, e.g. [^SPX]");
    }

    @Test
    void strategiesMustBeAListOfMappings() {
        assertThatThrownBy(() -> parse("strategies: {name: a}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration:\n  - config.yaml: key 'strategies': expected a list of strategies"
                        + " (one mapping each)");
        // the shape is TradingConfig's to check, so it is reported with the configuration's other keys
        assertThatThrownBy(() -> parse("strategies:\n" + VALID + "  - [1, 2]\nsample:\n  dayz: 3\n"))
                .hasMessage("Invalid configuration:\n"
                        + "  - config.yaml: strategies[1]: expected a mapping of keys, got '[1, 2]'\n"
                        + "  - config.yaml: key 'sample.dayz' is not a known key (did you mean 'sample.days'?)");
    }
}
