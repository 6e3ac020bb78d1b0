package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrawdownsTest {

    private static final LocalDate JAN_2 = LocalDate.of(2024, 1, 2);

    /**
     * Starting capital 100, then:
     * <pre>
     *   01-02  95      below the starting capital: period 1 from "start"
     *   01-03  100     back at it: period 1 ends, -5 %, 1 day (from the first day, 01-02)
     *   01-04  110     peak
     *   01-05  99      -10 %
     *   01-08  104.5
     *   01-09  88      trough: 88 / 110 - 1 = -20 %
     *   01-10  110     back at the peak: period 2, 01-04 to 01-10, 6 days
     *   01-11  121     peak
     *   01-12  108.9   trough: 108.9 / 121 - 1 = -10 %
     *   01-16  114.95  not recovered: period 3, 01-11 to the last day 01-16, 5 days
     * </pre>
     */
    private static final List<DailyRow> DAILY = ReportFixtures.daily(100, List.of(JAN_2, JAN_2.plusDays(1),
            JAN_2.plusDays(2), JAN_2.plusDays(3), JAN_2.plusDays(6), JAN_2.plusDays(7), JAN_2.plusDays(8),
            JAN_2.plusDays(9), JAN_2.plusDays(10), JAN_2.plusDays(14)),
            new double[] {95, 100, 110, 99, 104.5, 88, 110, 121, 108.9, 114.95});

    @Test
    void periodsByHand() {
        List<Drawdowns.Period> all = Drawdowns.periods(DAILY);
        assertThat(all).hasSize(3);
        assertPeriod(all.get(0), null, "2024-01-02", "2024-01-03", -0.05, 1);
        assertPeriod(all.get(1), "2024-01-04", "2024-01-09", "2024-01-10", -0.20, 6);
        assertPeriod(all.get(2), "2024-01-11", "2024-01-12", null, -0.10, 5);
    }

    @Test
    void worstFirstAndCapped() {
        List<Drawdowns.Period> worst = Drawdowns.worst(DAILY, 2);
        assertThat(worst).extracting(Drawdowns.Period::depth).satisfiesExactly(
                d -> assertThat(d).isCloseTo(-0.20, within(1e-12)), d -> assertThat(d).isCloseTo(-0.10, within(1e-12)));
        assertThat(Drawdowns.worst(DAILY, 5)).hasSize(3);
        // the deepest period is the deepest point of the drawdown column (the summary's maximum drawdown)
        double deepest = DAILY.stream().mapToDouble(DailyRow::drawdown).min().orElseThrow();
        assertThat(worst.get(0).depth()).isCloseTo(deepest, within(1e-12));
    }

    @Test
    void noDrawdownNoPeriod() {
        List<DailyRow> rising = ReportFixtures.daily(100, List.of(JAN_2, JAN_2.plusDays(1)), new double[] {100, 101});
        assertThat(Drawdowns.periods(rising)).isEmpty();
        assertThat(Drawdowns.periods(List.of())).isEmpty();
    }

    private static void assertPeriod(Drawdowns.Period p, String peak, String trough, String recovery, double depth,
            long days) {
        assertThat(p.peak()).isEqualTo(peak == null ? null : LocalDate.parse(peak));
        assertThat(p.trough()).isEqualTo(LocalDate.parse(trough));
        assertThat(p.recovery()).isEqualTo(recovery == null ? null : LocalDate.parse(recovery));
        assertThat(p.depth()).isCloseTo(depth, within(1e-12));
        assertThat(p.days()).isEqualTo(days);
    }
}
