package dev.tradingpipeline.jobs.strategy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.Collateral;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FamiliesAndCollateralTest {

    @Test
    void everyFamilyHasLegsWithThirtyDayDefaults() {
        assertThat(Families.names()).contains("long_call", "short_call", "long_put", "short_put", "cash_secured_put",
                "put_write", "covered_call", "buy_write", "protective_put", "collar", "straddle", "strangle",
                "bull_call", "bear_call", "bull_put", "bear_put", "iron_condor", "iron_butterfly", "call_butterfly",
                "put_butterfly");
        Families.defaults().forEach((name, legs) -> {
            assertThat(legs).as(name).isNotEmpty();
            legs.stream().filter(Leg::isOption).forEach(l -> assertThat(l.dte().target()).as(name).isEqualTo(30));
        });
    }

    @Test
    void ironCondorLikeCndrSellsTwentyDeltaAndBuysFiveDeltaWings() {
        List<Leg> legs = Families.of("iron_condor", Map.of());
        assertThat(legs).extracting(Leg::describe).containsExactly(
                "short put, 20-45 DTE, delta 0.20 +/- 0.10",
                "short call, 20-45 DTE, delta 0.20 +/- 0.10",
                "long put, 20-45 DTE, delta 0.05 +/- 0.10",
                "long call, 20-45 DTE, delta 0.05 +/- 0.10");
    }

    @Test
    void butterflyBodyIsTwoContracts() {
        assertThat(Families.of("call_butterfly", Map.of())).extracting(Leg::ratio).containsExactly(1, 2, 1);
    }

    @Test
    void unknownFamilyOrParameterFailsNamingIt() {
        assertThatThrownBy(() -> Families.of("iron_condorr", Map.of()))
                .hasMessageContaining("unknown strategy family 'iron_condorr'").hasMessageContaining("iron_condor");
        assertThatThrownBy(() -> Families.of("iron_condor", Map.of("shortdelta", 0.3)))
                .hasMessageContaining("no parameter 'shortdelta'").hasMessageContaining("short_delta");
    }

    @Test
    void parametersOutOfTheirLegBoundsAreAllRefusedByName() {
        assertThat(Families.problems("short_put", Map.of("delta", 5.0))).containsExactly(
                new Families.ParameterProblem("delta", "expected an absolute delta in (0, 1], got 5"));
        assertThat(Families.bounds("iron_condor")).containsEntry("delta_band", LegBound.DELTA_BAND)
                .containsEntry("short_delta", LegBound.DELTA).containsEntry("dte_min", LegBound.DAYS);
        assertThat(Families.bounds("iron_butterfly")).containsEntry("wing_offset", LegBound.OFFSET);
        assertThatThrownBy(() -> Families.of("iron_condor", Map.of("delta_band", 7.0)))
                .hasMessage("strategy family 'iron_condor': delta_band: expected a band in [0, 1], got 7");
        // a bad number and a bad window at once, not the first of them
        assertThatThrownBy(() -> Families.of("short_put", new java.util.TreeMap<>(
                Map.of("delta", 5.0, "dte_min", 50.0, "dte_max", 40.0))))
                .hasMessage("strategy family 'short_put': delta: expected an absolute delta in (0, 1], got 5;"
                        + " expected dte_min <= dte_target <= dte_max, got dte_min 50, dte_target 30 (the default),"
                        + " dte_max 40");
    }

    @Test
    void collateralByHand() {
        // cash-secured put: strike 100 x 100, the credit does not reduce it
        assertThat(Collateral.of(List.of(put(100, -1)), -200, 100)).isEqualTo(10_000);
        // bull put 100/90: width 10 x 100
        assertThat(Collateral.of(List.of(put(100, -1), put(90, 1)), -300, 100)).isEqualTo(1_000);
        // iron condor 85/90 puts, 110/120 calls: the wider (call) side, 10 x 100
        assertThat(Collateral.of(List.of(put(90, -1), put(85, 1), call(110, -1), call(120, 1)), -150, 100))
                .isEqualTo(1_000);
        // long call bought for 2.50: the premium
        assertThat(Collateral.of(List.of(call(100, 1)), 250, 100)).isEqualTo(250);
        // naked short call 110 with spot 100: reserved as if the underlying doubled to 220: (220 - 110) x 100
        assertThat(Collateral.of(List.of(call(110, -1)), -100, 100)).isEqualTo(11_000);
    }

    private static Collateral.Exposure put(double strike, int qty) {
        return new Collateral.Exposure(OptionRight.PUT, strike, qty);
    }

    private static Collateral.Exposure call(double strike, int qty) {
        return new Collateral.Exposure(OptionRight.CALL, strike, qty);
    }
}
