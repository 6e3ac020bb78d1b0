package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.TradingCalendar;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation.Metric;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation.Period;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Choice;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Combinations;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Segment;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Stitched;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalkForwardTest {

    private static final Period ONE_WEEK = Period.parse("1w").orElseThrow();
    private static final Period ONE_MONTH = Period.parse("1m").orElseThrow();

    /** NYSE trading days from {@code from} to {@code to}, inclusive. */
    private static List<LocalDate> tradingDays(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (TradingCalendar.NYSE.isTradingDay(d)) {
                days.add(d);
            }
        }
        return days;
    }

    @Test
    void windowsAreTheTradingDaysOfConsecutiveCalendarPeriodsAfterTheFirstFullTrainingWindow() {
        // NYSE days 2024-01-02 .. 2024-03-15 (holidays Jan 1, Jan 15, Feb 19).
        // January has 21 trading days, February 20.
        List<LocalDate> days = tradingDays(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 3, 15));
        List<Window> w = WalkForward.windows(days, ONE_MONTH, ONE_MONTH);
        // N0 = Jan 2 + 1m = Feb 2, N1 = Mar 2, N2 = Apr 2 (after the data: stop).
        // Window 1: train [Jan 2, Feb 2) = Jan 2..Feb 1 = 21 + 1 = 22 days;
        //           test [Feb 2, Mar 2) = Feb 2..Mar 1 = 20 - 1 + 1 = 20 days.
        // Window 2: train [Feb 2, Mar 2) = the same 20 days; test [Mar 2, Apr 2) = Mar 4..Mar 15 = 10 days (short).
        assertThat(w).hasSize(2);
        assertDates(days, w.get(0), "2024-01-02", "2024-02-01", "2024-02-02", "2024-03-01");
        assertThat(w.get(0).trainDays()).isEqualTo(22);
        assertThat(w.get(0).testDays()).isEqualTo(20);
        assertDates(days, w.get(1), "2024-02-02", "2024-03-01", "2024-03-04", "2024-03-15");
        assertThat(w.get(1).trainDays()).isEqualTo(20);
        assertThat(w.get(1).testDays()).isEqualTo(10);
        assertThat(w).extracting(Window::number).containsExactly(1, 2);

        // Train 2m, test 1m: N0 = Mar 2; one window, its training days Jan 2..Mar 1 = 21 + 20 + 1 = 42.
        List<Window> longer = WalkForward.windows(days, Period.parse("2m").orElseThrow(), ONE_MONTH);
        assertThat(longer).hasSize(1);
        assertDates(days, longer.get(0), "2024-01-02", "2024-03-01", "2024-03-04", "2024-03-15");
        assertThat(longer.get(0).trainDays()).isEqualTo(42);

        // Shorter than one training window: no test window at all.
        assertThat(WalkForward.windows(days.subList(0, 15), ONE_MONTH, ONE_MONTH)).isEmpty();
    }

    @Test
    void rollingTrainingWindowsOverlapWhenTrainIsLongerThanTest() {
        List<LocalDate> days = tradingDays(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 2, 16));
        List<Window> w = WalkForward.windows(days, Period.parse("3w").orElseThrow(), ONE_WEEK);
        // N0 = Jan 2 + 3w = Jan 23 (Tue). Test weeks start Jan 23, Jan 30, Feb 6, Feb 13 (the last ends
        // with the data on Fri Feb 16). Training = the 3 weeks before each start.
        assertThat(w).hasSize(4);
        assertDates(days, w.get(0), "2024-01-02", "2024-01-22", "2024-01-23", "2024-01-29");
        assertDates(days, w.get(1), "2024-01-09", "2024-01-29", "2024-01-30", "2024-02-05");
        assertDates(days, w.get(3), "2024-01-23", "2024-02-12", "2024-02-13", "2024-02-16");
        // Test windows follow one another without gap or overlap.
        for (int i = 1; i < w.size(); i++) {
            assertThat(w.get(i).testFrom()).isEqualTo(w.get(i - 1).testTo() + 1);
        }
    }

    @Test
    void aTestWindowWithoutTradingDaysIsLeftOut() {
        // Data for Jan 8-12 and Jan 22-26 only (a missing week): train 1w, test 1w.
        List<LocalDate> days = new ArrayList<>(tradingDays(LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 12)));
        days.addAll(tradingDays(LocalDate.of(2024, 1, 22), LocalDate.of(2024, 2, 2)));
        List<Window> w = WalkForward.windows(days, ONE_WEEK, ONE_WEEK);
        // N0 = Jan 15: no day in [Jan 15, Jan 22): left out. Jan 22: train [Jan 15, Jan 22) has no day either
        // (an empty training window, first index > last). Jan 29: train Jan 22-26, test Jan 29-Feb 2.
        assertThat(w).hasSize(2);
        assertThat(w.get(0).trainDays()).isZero();
        assertThat(days.get(w.get(0).testFrom())).isEqualTo("2024-01-22");
        assertThat(w.get(0).number()).isEqualTo(1);
        assertDates(days, w.get(1), "2024-01-22", "2024-01-26", "2024-01-29", "2024-02-02");
    }

    @Test
    void monthsAreCountedFromTheFirstTestStartSoMonthEndsDoNotDrift() {
        // First day Jan 31; train 1m: N0 = Feb 29 (clipped, 2024 is a leap year); N1 = N0 + 1m = Mar 29.
        List<LocalDate> days = tradingDays(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 4, 5));
        List<Window> w = WalkForward.windows(days, ONE_MONTH, ONE_MONTH);
        assertThat(days.get(w.get(0).testFrom())).isEqualTo("2024-02-29");
        assertThat(days.get(w.get(0).testTo())).isEqualTo("2024-03-28"); // Mar 29 2024 is Good Friday
        assertThat(days.get(w.get(1).testFrom())).isEqualTo("2024-04-01");
        assertThat(Period.parse("1m").orElseThrow().after(LocalDate.of(2024, 1, 31), 2)).isEqualTo("2024-03-31");
    }

    /**
     * The toy example. Days (indices): Jan 8-12 (0-4), Jan 15-19 (5-9), Jan 22-24 (10-12); train 1w,
     * test 1w. N0 = Jan 15: window 1 trains on 0-4 and tests 5-9; N1 = Jan 22: window 2 trains on 5-9
     * and tests 10-12 (a short last window: the data ends on Wednesday).
     *
     * <pre>
     *        0    1    2    3    4  |  5    6    7    8    9  |  10   11   12
     *   A  101  102  103  104  105  | 104  103  102  101  100  |  99   98   97
     *   B  100  100  100  100  100  | 101  102  103  104  105  | 106  107  108
     *   C  100   95   90   85   80  |  81   82   83 83.5   84  |  90   95  100
     * </pre>
     *
     * select-by total-return, capital 100:
     * window 1 (base: the capital): A 105/100 - 1 = +5%, B 100/100 - 1 = 0%, C 80/100 - 1 = -20%: A.
     * window 2 (base: day 4): A 100/105 - 1 = -4.76%, B 105/100 - 1 = +5%, C 84/80 - 1 = +5%: B and C tie
     * (84/80 and 105/100 are the same double), the first listed wins: B.
     */
    private static final double[][] TOY = {
        {101, 102, 103, 104, 105, 104, 103, 102, 101, 100, 99, 98, 97},
        {100, 100, 100, 100, 100, 101, 102, 103, 104, 105, 106, 107, 108},
        {100, 95, 90, 85, 80, 81, 82, 83, 83.5, 84, 90, 95, 100}};

    private static Combinations toy() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2024, 1, 8); !d.isAfter(LocalDate.of(2024, 1, 24)); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                days.add(d);
            }
        }
        return new Combinations(days, TOY, 100, 0);
    }

    @Test
    void theToyExampleSelectsByHand() {
        Evaluation e = Evaluation.walkForward(ONE_WEEK, ONE_WEEK, Metric.TOTAL_RETURN);
        List<Choice> choices = WalkForward.walkForward(toy(), e);
        assertThat(choices).hasSize(2);
        assertThat(choices.get(0).window()).isEqualTo(new Window(1, 0, 4, 5, 9));
        assertThat(choices.get(1).window()).isEqualTo(new Window(2, 5, 9, 10, 12));

        assertThat(choices.get(0).metric()).containsExactly(new double[] {0.05, 0.0, -0.20}, within(1e-12));
        assertThat(choices.get(0).selected()).isZero(); // A
        assertThat(choices.get(1).metric()).containsExactly(new double[] {100.0 / 105 - 1, 0.05, 0.05}, within(1e-12));
        assertThat(choices.get(1).metric()[1]).isEqualTo(choices.get(1).metric()[2]);
        assertThat(choices.get(1).selected()).isEqualTo(1); // B, before C
        assertThat(choices.get(1).selectedTrain().totalReturn()).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void theMetricOfAWindowStartsFromTheEquityOfTheDayBefore() {
        // B over days 5-9 from 100 (day 4): returns 1/100, 1/101, 1/102, 1/103, 1/104.
        double[] r = {1 / 100.0, 1 / 101.0, 1 / 102.0, 1 / 103.0, 1 / 104.0};
        double mean = Arrays.stream(r).average().orElseThrow();
        double var = Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum() / (r.length - 1);
        double sharpe = mean / Math.sqrt(var) * Math.sqrt(252);
        SimulationSummary s = WalkForward.over(TOY[1], 5, 9, 100, 0);
        assertThat(s.sharpe()).isCloseTo(sharpe, within(1e-9));
        assertThat(s.totalReturn()).isCloseTo(0.05, within(1e-12));
        // from day 0 the base is the capital: A's first return is 101/100 - 1
        assertThat(WalkForward.over(TOY[0], 0, 0, 100, 0).totalReturn()).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void anUndefinedMetricNeverWinsOverADefinedOneAndTiesGoToTheFirst() {
        // select-by sharpe on window 1 of B (flat: no variation, Sharpe NaN) and C (falling: Sharpe < 0).
        Combinations bc = new Combinations(toy().days(), new double[][] {TOY[1], TOY[2]}, 100, 0);
        Choice c = WalkForward.choose(bc, null, 0, 4, Metric.SHARPE);
        assertThat(c.metric()[0]).isNaN();
        assertThat(c.metric()[1]).isNegative();
        assertThat(c.selected()).isEqualTo(1);

        assertThat(WalkForward.best(new double[] {Double.NaN, -3, Double.NaN})).isEqualTo(1);
        assertThat(WalkForward.best(new double[] {1, 2, 2})).isEqualTo(1);
        assertThat(WalkForward.best(new double[] {Double.NaN, Double.NaN})).isZero();
        assertThat(WalkForward.best(new double[] {Double.NEGATIVE_INFINITY, -1e300})).isEqualTo(1);
    }

    @Test
    void aCombinationRuinedBeforeTheWindowHasNoMetricThere() {
        // ruined on day 2 (equity 0), no day after it
        double[] ruined = {90, 50, 0, Double.NaN, Double.NaN};
        assertThat(WalkForward.over(ruined, 3, 4, 100, 0)).isEqualTo(WalkForward.UNDEFINED);
        // inside the window it counts up to its end: -100%
        assertThat(WalkForward.over(ruined, 1, 4, 100, 0).totalReturn()).isEqualTo(-1.0);
        assertThat(WalkForward.over(ruined, 0, 1, 100, 0).totalReturn()).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void selectionNeverLooksPastTheTrainingWindow() {
        Random random = new Random(17);
        List<LocalDate> days = tradingDays(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29));
        double[][] equity = randomWalks(random, 6, days.size());
        Evaluation e = Evaluation.walkForward(Period.parse("3m").orElseThrow(), ONE_MONTH, Metric.SHARPE);
        List<Choice> before = WalkForward.walkForward(new Combinations(days, equity, 100_000, 0.02), e);
        assertThat(before).hasSize(9); // test months Apr..Dec
        assertThat(before.stream().map(Choice::selected).distinct().count()).as("the choice changes over time")
                .isGreaterThan(1);
        for (Choice choice : before) {
            int end = choice.window().trainTo();
            double[][] changed = new double[equity.length][];
            for (int c = 0; c < equity.length; c++) {
                changed[c] = equity[c].clone();
                for (int t = end + 1; t < days.size(); t++) {
                    changed[c][t] = changed[c][t] * (1 + random.nextGaussian() * 0.2) + (c == 0 ? 50_000 : 0);
                }
            }
            Choice after = WalkForward.walkForward(new Combinations(days, changed, 100_000, 0.02), e)
                    .get(choice.window().number() - 1);
            assertThat(after.selected()).as("window %d", choice.window().number()).isEqualTo(choice.selected());
            assertThat(after.metric()).isEqualTo(choice.metric());
        }
        // ... while a change inside a training window does change what is measured there
        double[][] changed = Arrays.stream(equity).map(double[]::clone).toArray(double[][]::new);
        changed[0][before.get(0).window().trainTo()] *= 1.5;
        assertThat(WalkForward.walkForward(new Combinations(days, changed, 100_000, 0.02), e).get(0).metric()[0])
                .isNotEqualTo(before.get(0).metric()[0]);
    }

    private static double[][] randomWalks(Random random, int n, int days) {
        double[][] e = new double[n][days];
        for (int c = 0; c < n; c++) {
            double level = 100_000;
            for (int t = 0; t < days; t++) {
                level *= 1 + 0.0003 * (c - 2) + 0.01 * random.nextGaussian();
                e[c][t] = level;
            }
        }
        return e;
    }

    @Test
    void anInSampleSplitIsOneWindowAtTheEndDate() {
        List<LocalDate> days = toy().days();
        assertThat(WalkForward.split(days, LocalDate.of(2024, 1, 14))).isEqualTo(new Window(1, 0, 4, 5, 12));
        assertThat(WalkForward.split(days, LocalDate.of(2024, 1, 12))).isEqualTo(new Window(1, 0, 4, 5, 12));
        assertThat(WalkForward.split(days, LocalDate.of(2024, 1, 7))).as("no in-sample day").isNull();
        assertThat(WalkForward.split(days, LocalDate.of(2024, 1, 24))).as("no out-of-sample day").isNull();
    }

    @Test
    void stitchingCompoundsEachPieceFromTheEquityThePiecesBeforeLeft() {
        LocalDate d = LocalDate.of(2024, 1, 8);
        // Window 1 ran from 100: 110, 121. Window 2 ran from 100 again: 90, 99.
        // Stitched from 100: 110, 121, then x 121/100: 108.9, 119.79.
        // Daily P&L: 10, 11, 108.9 - 121 = -12.1, 10.89. Peak 121: drawdown 0, 0, -10%, -1%.
        Segment w1 = new Segment(100, List.of(new DailyRow(d, 110, 60, 50, 10, 0),
                new DailyRow(d.plusDays(1), 121, 121, 0, 11, 0)));
        Segment w2 = new Segment(100, List.of(new DailyRow(d.plusDays(2), 90, 40, 20, -10, -0.1),
                new DailyRow(d.plusDays(3), 99, 99, 0, 9, -0.01)));
        Stitched s = WalkForward.stitch(100, List.of(w1, w2));
        assertThat(s.ruinDate()).isNull();
        assertThat(s.daily()).extracting(DailyRow::equity).usingElementComparator((a, b) ->
                Math.abs(a - b) < 1e-9 ? 0 : 1).containsExactly(110.0, 121.0, 108.9, 119.79);
        assertThat(s.daily().get(2).cash()).isCloseTo(48.4, within(1e-9)); // 40 x 1.21
        assertThat(s.daily().get(2).exposure()).isCloseTo(24.2, within(1e-9));
        assertThat(s.daily()).extracting(DailyRow::dailyPnl).usingElementComparator((a, b) ->
                Math.abs(a - b) < 1e-9 ? 0 : 1).containsExactly(10.0, 11.0, -12.1, 10.89);
        assertThat(s.daily()).extracting(DailyRow::drawdown).usingElementComparator((a, b) ->
                Math.abs(a - b) < 1e-9 ? 0 : 1).containsExactly(0.0, 0.0, -0.1, -0.01);

        // An in-sample split's piece grows from its equity on the last in-sample day (120): 126, 114 -> 105, 95.
        Stitched oos = WalkForward.stitch(100, List.of(new Segment(120, List.of(new DailyRow(d, 126, 0, 0, 6, 0),
                new DailyRow(d.plusDays(1), 114, 0, 0, -12, -0.1)))));
        assertThat(oos.daily()).extracting(DailyRow::equity).usingElementComparator((a, b) ->
                Math.abs(a - b) < 1e-9 ? 0 : 1).containsExactly(105.0, 95.0);
        assertThat(oos.daily().get(0).dailyPnl()).isCloseTo(5, within(1e-9));
    }

    @Test
    void aRuinedPieceEndsTheStitchedSeries() {
        LocalDate d = LocalDate.of(2024, 1, 8);
        Segment ruined = new Segment(100, List.of(new DailyRow(d, 40, 40, 0, -60, -0.6),
                new DailyRow(d.plusDays(1), -5, -5, 0, -45, -1.05)));
        Segment later = new Segment(100, List.of(new DailyRow(d.plusDays(2), 101, 101, 0, 1, 0)));
        Stitched s = WalkForward.stitch(100, List.of(ruined, later));
        assertThat(s.ruinDate()).isEqualTo(d.plusDays(1));
        assertThat(s.daily()).extracting(DailyRow::equity).containsExactly(40.0, -5.0);
    }

    @Test
    void periodsReadDaysWeeksMonthsAndYears() {
        assertThat(Period.parse("6m")).contains(new Period(6, java.time.temporal.ChronoUnit.MONTHS));
        assertThat(Period.parse("26W")).contains(new Period(26, java.time.temporal.ChronoUnit.WEEKS));
        assertThat(Period.parse(" 120d ")).contains(new Period(120, java.time.temporal.ChronoUnit.DAYS));
        assertThat(Period.parse("1y").orElseThrow().toString()).isEqualTo("1y");
        assertThat(Period.parse("6x")).isEmpty();
        assertThat(Period.parse("0m")).isEmpty();
        assertThat(Period.parse("m")).isEmpty();
        assertThat(Period.parse("1.5m")).isEmpty();
        assertThat(Period.parse("6m").orElseThrow().before(LocalDate.of(2024, 8, 31))).isEqualTo("2024-02-29");
    }

    private static void assertDates(List<LocalDate> days, Window w, String trainFrom, String trainTo,
            String testFrom, String testTo) {
        assertThat(List.of(days.get(w.trainFrom()), days.get(w.trainTo()), days.get(w.testFrom()),
                days.get(w.testTo()))).as("window %d", w.number()).containsExactly(LocalDate.parse(trainFrom),
                LocalDate.parse(trainTo), LocalDate.parse(testFrom), LocalDate.parse(testTo));
    }
}
