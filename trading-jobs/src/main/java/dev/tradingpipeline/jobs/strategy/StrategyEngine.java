package dev.tradingpipeline.jobs.strategy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one {@link Strategy} over one underlying, a trading day at a time.
 *
 * <p>Each {@link #onDay} call, in this order:
 * <ol>
 *   <li>cash earns {@code cashRate / 252} (from the second day on: interest for the night before);</li>
 *   <li>the strategy decides on the 15:45 view of the day ({@link DayChain#at1545()}); closes are
 *       filled before opens, at the 15:45 quotes under the fill model, commission per contract;</li>
 *   <li>short American legs with (almost) no time value left are assigned ({@link EarlyAssignment});</li>
 *   <li>option legs expiring today (or earlier, when their expiration day is missing from the
 *       data) are cash-settled at intrinsic value from the underlying's close; a position whose
 *       last option leg settles also sells its underlying legs at that close;</li>
 *   <li>what is left is marked at the end-of-day mid (a missing or unusable quote keeps its last
 *       mark, noted once per contract; a position stays within its payoff bounds: {@link Marks});</li>
 *   <li>the day's equity, cash, exposure, P&amp;L and drawdown are recorded.</li>
 * </ol>
 * An expiration that is no trading day ({@link TradingCalendar}) settles on the last trading day before it.
 * The engine keeps no day but the current one and rejects days out of order, so nothing a
 * strategy is given can come from its future. Days outside the spec's start/end are ignored.
 */
public final class StrategyEngine {

    private final StrategySpec spec;
    private final Strategy strategy;
    private final List<Position> open = new ArrayList<>();
    private final List<Trade> trades = new ArrayList<>();
    private final List<DailyRow> daily = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final UniverseFilter universe;
    private String underlying;
    private LocalDate lastDate;
    private double cash;
    private double lastEquity;
    private double peak;
    private long nextPositionId = 1;
    private SettlementPrices settlement = new SettlementPrices(SettlementStyles.DEFAULT, this::note);
    private final Marks marks = new Marks(this::note);
    private LocalDate ruinDate;

    /** Runs the spec's own legs and rules. */
    public StrategyEngine(StrategySpec spec) {
        this(spec, new RuleBasedStrategy(spec));
    }

    /** Runs a user strategy with the spec's capital, fills, commission and cash rate. */
    public StrategyEngine(StrategySpec spec, Strategy strategy) {
        this.spec = spec;
        this.strategy = strategy;
        this.universe = new UniverseFilter(spec.universe(), notes);
        this.cash = spec.sizing().capital();
        this.lastEquity = cash;
        this.peak = cash;
    }

    /** As {@link #StrategyEngine(StrategySpec, Strategy)}, with AM roots and settlement values. */
    public StrategyEngine(StrategySpec spec, Strategy strategy, SettlementStyles settlementStyles) {
        this(spec, strategy);
        this.settlement = new SettlementPrices(settlementStyles, this::note);
    }

    public void onDay(DayChain day) {
        checkOrder(day);
        if (ruinDate != null) {
            return; // ruined: nothing is traded or recorded after the day of ruin
        }
        if (!spec.trades(day.date())) {
            return;
        }
        if (lastDate != null) {
            cash += cash * spec.cashRate() / 252;
        }
        lastDate = day.date();

        DayChain at1545 = universe.apply(day.at1545(), open); // built-in and user strategies alike
        List<Order> orders = strategy.onDay(at1545, new View(at1545), this::note);
        for (Order order : orders) {
            if (order instanceof Order.Close close) {
                close(at1545, close);
            }
        }
        for (Order order : orders) {
            if (order instanceof Order.Open openOrder) {
                open(at1545, openOrder);
            }
        }
        cash += EarlyAssignment.apply(spec.assignment(), day, open,
                p -> trades.add(trade(p, day.date(), ExitReason.ASSIGNED)), this::note);
        settleExpired(day);
        markToClose(day);
        marginCall(day);
        stopIfRuined(day.date());
        record(day.date());
        settlement.dayEnded(day);
    }

    /** Trades so far, with positions still open valued at their last mark (END_OF_DATA). */
    public Result result() {
        List<Trade> all = new ArrayList<>(trades);
        for (Position p : open) {
            all.add(trade(p, lastDate, ExitReason.END_OF_DATA));
        }
        return new Result(spec.name(), underlying, spec.sizing().capital(), spec.cashRate(), all, daily, notes,
                ruinDate, marks.staleContracts());
    }

    private void checkOrder(DayChain day) {
        if (lastDate != null && !day.date().isAfter(lastDate)) {
            throw new IllegalArgumentException("days must come in date order: " + day.date() + " after " + lastDate);
        }
        if (underlying == null) {
            if (!spec.underlyings().isEmpty() && !spec.underlyings().contains(day.underlying())) {
                throw new IllegalArgumentException("strategy '" + spec.name() + "' trades " + spec.underlyings()
                        + ", not " + day.underlying());
            }
            underlying = day.underlying();
        } else if (!underlying.equals(day.underlying())) {
            throw new IllegalArgumentException("one engine runs one underlying: got " + day.underlying()
                    + " after " + underlying);
        }
    }

    private void open(DayChain day, Order.Open order) {
        List<PositionLeg> legs = new ArrayList<>();
        List<Collateral.Exposure> exposures = new ArrayList<>();
        double debit = 0;
        double commission = 0;
        for (LegOrder lo : order.legs()) {
            double price;
            if (lo.contract() == null) {
                price = day.underlyingPrice1545();
                exposures.add(new Collateral.Exposure(null, 0, lo.quantity()));
            } else {
                Optional<OptionQuote> quote = day.quote(lo.contract());
                if (quote.isEmpty() || !quote.get().tradable1545() || lo.contract().expiration().isBefore(day.date())) {
                    note("cannot open a position: no tradable 15:45 quote for " + lo.contract().describe());
                    return;
                }
                if (!settlement.tradable(lo.contract(), day.date())) {
                    note("cannot open a position: " + lo.contract().describe() + " is AM-settled and no longer trades");
                    return;
                }
                price = spec.fills().model().price(quote.get(), lo.quantity() > 0);
                commission += spec.fills().commissionPerContract() * Math.abs(lo.quantity());
                exposures.add(new Collateral.Exposure(lo.contract().right(), lo.contract().strike(), lo.quantity()));
            }
            PositionLeg leg = new PositionLeg(lo.contract(), lo.quantity(), price);
            debit += leg.valueAt(price);
            legs.add(leg);
        }
        commission += spec.fills().orderFee(); // once per order, however many legs and contracts
        double collateral = Collateral.of(exposures, debit, day.underlyingPrice1545());
        if (spec.sizing().margin() == Margin.REG_T) { // at the fill prices and the 15:45 price
            collateral = RegTMargin.tiedUp(new Position(0, day.date(), legs, 0, 0), day.underlyingPrice1545(),
                    day.underlying());
        }
        cash -= debit + commission;
        open.add(new Position(nextPositionId++, day.date(), legs, collateral, commission));
    }

    private void close(DayChain day, Order.Close order) {
        Position p = open.stream().filter(o -> o.id() == order.positionId()).findFirst().orElse(null);
        if (p == null) {
            note("ignored a close of position " + order.positionId() + ", which is not open");
            return;
        }
        // price every leg first: a position closes whole or not at all
        List<Double> prices = new ArrayList<>();
        for (PositionLeg leg : p.legs()) {
            if (leg.isClosed()) {
                prices.add(null);
            } else if (!leg.isOption()) {
                prices.add(day.underlyingPrice1545());
            } else {
                if (!settlement.tradable(leg.contract(), day.date())) {
                    note("cannot close position " + p.id() + " (" + order.reason() + "): " + leg.contract().describe()
                            + " is AM-settled and no longer trades; it settles at the opening settlement value");
                    return;
                }
                Optional<OptionQuote> quote = day.quote(leg.contract());
                if (quote.isEmpty() || !quote.get().tradable1545()) {
                    note("cannot close position " + p.id() + " (" + order.reason() + "): no tradable 15:45 quote for "
                            + leg.contract().describe() + "; still open");
                    return;
                }
                // closing a long sells it, closing a short buys it back
                prices.add(spec.fills().model().price(quote.get(), leg.quantity() < 0));
            }
        }
        for (int i = 0; i < p.legs().size(); i++) {
            PositionLeg leg = p.legs().get(i);
            if (prices.get(i) == null) {
                continue;
            }
            cash += leg.valueAt(prices.get(i));
            if (leg.isOption()) {
                double commission = spec.fills().commissionPerContract() * Math.abs(leg.quantity());
                cash -= commission;
                p.addCommission(commission);
            }
            leg.close(prices.get(i));
        }
        cash -= spec.fills().orderFee();
        p.addCommission(spec.fills().orderFee());
        open.remove(p);
        trades.add(trade(p, day.date(), order.reason()));
    }

    private void settleExpired(DayChain day) {
        double close = day.underlyingPriceEod();
        for (Iterator<Position> it = open.iterator(); it.hasNext(); ) {
            Position p = it.next();
            boolean settledAny = false;
            for (PositionLeg leg : p.legs()) {
                // settled on its expiration day or the last trading day before it, never a later day's price
                if (!leg.isOption() || leg.isClosed() || !TradingCalendar.NYSE.settlesBy(leg.contract().expiration(), day.date())) {
                    continue;
                }
                ContractKey c = leg.contract();
                double intrinsic = c.right().intrinsic(c.strike(), settlement.price(c, day));
                if (c.expiration().isBefore(day.date())) {
                    note(String.format(Locale.ROOT, "%s expired on %s, which is missing from the data; settled at"
                            + " %.4f from the underlying's close %.4f of this day", c.describe(), c.expiration(),
                            intrinsic, close));
                }
                cash += leg.valueAt(intrinsic);
                leg.close(intrinsic);
                settledAny = true;
            }
            if (settledAny && p.legs().stream().noneMatch(l -> l.isOption() && !l.isClosed())) {
                for (PositionLeg leg : p.legs()) {
                    if (!leg.isClosed()) { // the underlying legs end with the options they carried
                        cash += leg.valueAt(close);
                        leg.close(close);
                    }
                }
                it.remove();
                trades.add(trade(p, day.date(), ExitReason.EXPIRY));
            }
        }
    }

    private void markToClose(DayChain day) {
        for (Position p : open) {
            for (PositionLeg leg : p.legs()) {
                if (leg.isClosed()) {
                    continue;
                }
                if (!leg.isOption()) {
                    leg.mark(day.underlyingPriceEod());
                    continue;
                }
                marks.mark(leg, day.quote(leg.contract()));
            }
            marks.keepInBounds(p);
        }
    }

    /**
     * Reg T: re-prices each position's requirement at the day's marks and closes what a margin call
     * takes. Fill convention: at the end-of-day marks just made (the close's mids; the next
     * morning's prices are not known yet), with the commission of any close.
     */
    private void marginCall(DayChain day) {
        if (spec.sizing().margin() != Margin.REG_T) {
            return;
        }
        double equity = cash;
        for (Position p : open) {
            equity += p.markedValue();
        }
        for (Position p : RegTMargin.marginCall(open, equity, day.underlyingPriceEod(), underlying, this::note)) {
            for (PositionLeg leg : p.legs()) {
                if (!leg.isClosed()) {
                    cash += leg.valueAt(leg.mark());
                    if (leg.isOption()) {
                        double commission = spec.fills().commissionPerContract() * Math.abs(leg.quantity());
                        cash -= commission;
                        p.addCommission(commission);
                    }
                    leg.close(leg.mark());
                }
            }
            open.remove(p);
            trades.add(trade(p, day.date(), ExitReason.MARGIN_CALL));
        }
    }

    private void record(LocalDate date) {
        double equity = cash;
        double exposure = 0;
        for (Position p : open) {
            equity += p.markedValue();
            exposure += p.collateral();
        }
        peak = Math.max(peak, equity);
        daily.add(new DailyRow(date, equity, cash, exposure, equity - lastEquity, equity / peak - 1));
        lastEquity = equity;
    }

    /**
     * Equity at or below zero after the day's marks is ruin: what is open closes at those marks
     * (no fill, no commission: equity is unchanged), and later days are ignored.
     */
    private void stopIfRuined(LocalDate date) {
        double equity = cash;
        for (Position p : open) {
            equity += p.markedValue();
        }
        if (equity > 0) {
            return;
        }
        for (Position p : open) {
            for (PositionLeg leg : p.legs()) {
                if (!leg.isClosed()) {
                    cash += leg.valueAt(leg.mark());
                    leg.close(leg.mark());
                }
            }
            trades.add(trade(p, date, ExitReason.RUIN));
        }
        open.clear();
        ruinDate = date;
        note(String.format(Locale.ROOT, "ruin: equity %.2f at the close; open positions closed at their marks,"
                + " no trading after this day", equity));
    }

    private Trade trade(Position p, LocalDate exitDate, ExitReason reason) {
        List<TradeLeg> legs = new ArrayList<>();
        double gross = 0;
        for (PositionLeg leg : p.legs()) {
            double exit = leg.isClosed() ? leg.exitPrice() : leg.mark();
            TradeLeg t = new TradeLeg(leg.contract(), leg.quantity(), leg.entryPrice(), exit);
            gross += t.grossPnl();
            legs.add(t);
        }
        return new Trade(p.id(), spec.name(), underlying, p.entryDate(), exitDate, reason, legs, p.entryValue(),
                p.commissions(), gross - p.commissions());
    }

    private void note(String message) {
        notes.add(lastDate + ": " + message);
    }

    /** The strategy's read-only window on the book, at 15:45 of the current day. */
    private final class View implements PortfolioView {
        private final DayChain at1545;

        View(DayChain at1545) {
            this.at1545 = at1545;
        }

        @Override
        public List<Position> positions() {
            return Collections.unmodifiableList(new ArrayList<>(open));
        }

        @Override
        public double cash() {
            return cash;
        }

        @Override
        public double equity1545() {
            double equity = cash;
            for (Position p : open) {
                equity += p.value1545(at1545).orElse(p.markedValue());
            }
            return equity;
        }
    }
}
