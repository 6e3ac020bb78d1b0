package dev.tradingpipeline.jobs.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
