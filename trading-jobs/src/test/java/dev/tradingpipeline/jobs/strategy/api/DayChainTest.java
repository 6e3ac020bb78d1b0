package dev.tradingpipeline.jobs.strategy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A day's look-up of a contract's quote, in the day and in its 15:45 view, and what a day refuses. */
class DayChainTest {

    private static final LocalDate DAY = LocalDate.parse("2024-01-02");

    private static OptionQuote quote(String root, String expiration, double strike, OptionRight right, double bid) {
        LocalDate exp = LocalDate.parse(expiration);
        return new OptionQuote("XYZ", DAY, root, exp, strike, right, bid, bid + 0.2, bid + 0.1, bid + 0.3, -0.3, 0.2,
                100, (int) (exp.toEpochDay() - DAY.toEpochDay()));
    }

    /** n quotes of two roots, three months, {@code strikes} strikes and both rights (repeats likely). */
    private static List<OptionQuote> randomQuotes(long seed, int n, int strikes) {
        Random rnd = new Random(seed);
        List<OptionQuote> quotes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            quotes.add(quote(rnd.nextBoolean() ? "XYZ" : "XYZW", "2024-0" + (2 + rnd.nextInt(3)) + "-1" + rnd.nextInt(10),
                    50 + 0.5 * rnd.nextInt(strikes), rnd.nextBoolean() ? OptionRight.CALL : OptionRight.PUT, i / 100.0));
        }
        return quotes;
    }

    @Test
    void aQuoteIsFoundByItsContractInTheDayAndInIts1545View() {
        List<OptionQuote> quotes = randomQuotes(5, 3000, 300);
        DayChain day = new DayChain(DAY, "XYZ", 100, 101, quotes);
        DayChain view = day.at1545();
        for (OptionQuote q : quotes) {
            // of two quotes of one contract the later is kept, as a map keyed by contract would
            OptionQuote last = quotes.stream().filter(x -> x.key().equals(q.key())).reduce((a, b) -> b).orElseThrow();
            assertThat(day.quote(q.key())).containsSame(last);
            Optional<OptionQuote> masked = view.quote(q.key());
            assertThat(masked).isPresent();
            assertThat(masked.get().key()).isEqualTo(q.key());
            assertThat(masked.get().bid1545()).isEqualTo(last.bid1545());
            assertThat(masked.get().bidEod()).isNaN();
        }
        assertThat(day.quote(new ContractKey("XYZ", LocalDate.parse("2024-02-10"), 49.5, OptionRight.PUT))).isEmpty();
        assertThat(day.quote(new ContractKey("ABC", quotes.get(0).expiration(), quotes.get(0).strike(),
                quotes.get(0).right()))).isEmpty();
    }

    @Test
    void strikesAreComparedAsContractKeysCompareThem() {
        // ContractKey is a record: its double component is compared with Double.compare, so -0.0 is not 0.0
        DayChain day = new DayChain(DAY, "XYZ", 100, 101, List.of(quote("XYZ", "2024-02-01", 0.0, OptionRight.CALL, 1)));
        assertThat(day.quote(new ContractKey("XYZ", LocalDate.parse("2024-02-01"), 0.0, OptionRight.CALL))).isPresent();
        assertThat(new ContractKey("XYZ", LocalDate.parse("2024-02-01"), -0.0, OptionRight.CALL))
                .isNotEqualTo(new ContractKey("XYZ", LocalDate.parse("2024-02-01"), 0.0, OptionRight.CALL));
        assertThat(day.quote(new ContractKey("XYZ", LocalDate.parse("2024-02-01"), -0.0, OptionRight.CALL))).isEmpty();
    }

    @Test
    void aQuoteOfAnotherDayOrUnderlyingIsRefused() {
        OptionQuote otherDay = new OptionQuote("XYZ", DAY.plusDays(1), "XYZ", LocalDate.parse("2024-02-01"), 100,
                OptionRight.PUT, 1, 1.2, 1, 1.2, -0.3, 0.2, 100, 30);
        assertThatThrownBy(() -> new DayChain(DAY, "XYZ", 100, 101,
                List.of(quote("XYZ", "2024-02-01", 95, OptionRight.PUT, 1), otherDay)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XYZ 2024-02-01 100 P of XYZ on 2024-01-03 does not belong to the chain of XYZ on 2024-01-02");
        OptionQuote otherUnderlying = new OptionQuote("ABC", DAY, "ABC", LocalDate.parse("2024-02-01"), 100,
                OptionRight.PUT, 1, 1.2, 1, 1.2, -0.3, 0.2, 100, 30);
        assertThatThrownBy(() -> new DayChain(DAY, "XYZ", 100, 101, List.of(otherUnderlying)))
                .hasMessageContaining("of ABC on 2024-01-02 does not belong to the chain of XYZ");
    }

    @Test
    void aDayGivenAsIts1545ViewAndTheClosesApartIsTheSameDay() {
        List<OptionQuote> quotes = randomQuotes(11, 500, 100);
        List<OptionQuote> at1545 = new ArrayList<>();
        double[] bids = new double[quotes.size()];
        double[] asks = new double[quotes.size()];
        for (int i = 0; i < quotes.size(); i++) {
            OptionQuote q = quotes.get(i);
            at1545.add(new OptionQuote(q.underlying(), q.quoteDate(), q.root(), q.expiration(), q.strike(), q.right(),
                    q.bid1545(), q.ask1545(), Double.NaN, Double.NaN, q.delta1545(), q.iv1545(),
                    q.underlyingPrice1545(), q.dte(), q.deliveryCode()));
            bids[i] = q.bidEod();
            asks[i] = q.askEod();
        }
        DayChain whole = new DayChain(DAY, "XYZ", 100, 101, quotes);

        DayChain parts = DayChain.fromAt1545(DAY, "XYZ", 100, 101, at1545, bids, asks);
        bids[0] = -1; // the day keeps its own copy

        // each contract's quote, looked up before the day's quotes are all made and after
        for (OptionQuote q : quotes) {
            assertThat(parts.quote(q.key())).isEqualTo(whole.quote(q.key()));
            assertThat(parts.at1545().quote(q.key())).isEqualTo(whole.at1545().quote(q.key()));
        }
        assertThat(parts.at1545().quotes()).isEqualTo(whole.at1545().quotes());
        assertThat(parts.at1545().underlyingPriceEod()).isNaN();
        assertThat(parts.at1545().underlyingPrice1545()).isEqualTo(100);
        assertThat(parts.quotes()).isEqualTo(whole.quotes());
        assertThat(parts.underlyingPriceEod()).isEqualTo(101);
        for (OptionQuote q : quotes) {
            assertThat(parts.quote(q.key())).isEqualTo(whole.quote(q.key()));
        }
        assertThat(parts.quote(new ContractKey("XYZ", LocalDate.parse("2024-02-10"), 49.5, OptionRight.PUT))).isEmpty();
    }

    @Test
    void aViewWithACloseInItOrPartsOfOtherLengthsAreRefused() {
        OptionQuote masked = new OptionQuote("XYZ", DAY, "XYZ", LocalDate.parse("2024-02-01"), 100, OptionRight.CALL, 1,
                1.2, Double.NaN, Double.NaN, 0.5, 0.2, 100, 30);
        assertThatThrownBy(() -> DayChain.fromAt1545(DAY, "XYZ", 100, 101, List.of(masked), new double[2],
                new double[2])).hasMessageContaining("1 quotes, 2 end-of-day bids and 2 asks");
        OptionQuote withClose = quote("XYZ", "2024-02-01", 100, OptionRight.CALL, 1);
        assertThatThrownBy(() -> DayChain.fromAt1545(DAY, "XYZ", 100, 101, List.of(withClose), new double[1],
                new double[1])).hasMessageContaining("has an end-of-day bid or ask");
    }
}
