package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.LegOrder;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.api.TradingCalendar;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
 *
 * <p>The engine is fed every trading day of its underlying's data, also days with no usable
 * contract (the job's scan is pruned to the legs' days to expiry: such a day comes without quotes
 * and without underlying prices, NaN). Such a day runs every step: interest, the strategy's
 * decision (nothing can be filled), expiry settlement (at the underlying's last known close where
 * the day has none, noted), marks (every leg keeps its last mark, underlying legs too) and its
 * row. So a position ends {@link ExitReason#END_OF_DATA} only when the days fed end: the
 * underlying's last day in the data or the spec's end.
 *
 * <p>A member of a portfolio's {@link SharedAccount} is not fed by {@link #onDay} but stepped by its
 * {@link PortfolioLockstep}, one phase at a time for all members of the account: the same steps,
 * except that the strategy's free capital is the account's ({@link SharedAccount#freeCapital}), an
 * entry must fit the account's free buying power, and margin calls and ruin are the account's.
 * Without an account (every simulation that is no portfolio member) the engine runs as above.
 */
public final class StrategyEngine {

    private final StrategySpec spec;
    private final Strategy strategy;
    private final List<OpenPosition> open = new ArrayList<>();
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
    /** The portfolio account this engine is a member of, or null: a simulation on its own book. */
    private SharedAccount account;
    /** The day being stepped, from {@link #begin} to {@link #closeDay}; null between days. */
    private DayChain today;

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
        if (account != null) {
            throw new IllegalStateException("strategy '" + spec.name() + "' is a member of account '" + account.name()
                    + "': its PortfolioLockstep steps it");
        }
        if (!begin(day)) {
            return;
        }
        decide(day);
        endOfDay(day);
        marginCall(day);
        stopIfRuined(day.date());
        closeDay(day);
    }

    /**
     * Starts a day: checks its order, then accrues the night's interest. False when the day is not
     * traded (after ruin, or outside the spec's dates): then no other step of it runs.
     */
    boolean begin(DayChain day) {
        checkOrder(day);
        if (ruinDate != null) {
            return false; // ruined: nothing is traded or recorded after the day of ruin
        }
        if (!spec.trades(day.date())) {
            return false;
        }
        if (lastDate != null) {
            cash += cash * spec.cashRate() / 252;
        }
        lastDate = day.date();
        today = day;
        return true;
    }

    /** The strategy decides on the 15:45 view; closes are filled before opens. */
    void decide(DayChain day) {
        DayChain at1545 = universe.apply(day.at1545(), open); // built-in and user strategies alike
        List<Order> orders = strategy.onDay(at1545, new View(at1545), this::note);
        // a member's entries must fit the account's free buying power as it stood at the decision
        double accountFree = account == null ? Double.NaN
                : account.freeBuyingPower(this, day.date(), closing(orders));
        for (Order order : orders) {
            if (order instanceof Order.Close close) {
                close(at1545, close);
            }
        }
        for (Order order : orders) {
            if (order instanceof Order.Open openOrder) {
                if (account == null) {
                    open(at1545, openOrder);
                } else {
                    accountFree = openInAccount(at1545, openOrder, accountFree);
                }
            }
        }
    }

    /** Early assignment, expiry settlement and the end-of-day marks. */
    void endOfDay(DayChain day) {
        cash += EarlyAssignment.apply(spec.assignment(), day, open,
                p -> trades.add(trade(p, day.date(), ExitReason.ASSIGNED)), this::note);
        settleExpired(day);
        markToClose(day);
    }

    /** Records the day's row and ends the day. */
    void closeDay(DayChain day) {
        record(day.date());
        settlement.dayEnded(day);
        today = null;
    }

    /**
     * Trades so far, with positions still open valued at their last mark (END_OF_DATA): after the
     * last day fed, which is the data's last day of the underlying or the spec's end.
     */
    public SimulationResult result() {
        List<Trade> all = new ArrayList<>(trades);
        for (OpenPosition p : open) {
            all.add(trade(p, lastDate, ExitReason.END_OF_DATA));
        }
        return new SimulationResult(spec.name(), underlying, spec.sizing().capital(), spec.cashRate(), all, daily, notes,
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
        Priced priced = price(day, order.legs());
        if (priced != null) {
            book(day, priced);
        }
    }

    /** An order's legs at their fills, its commission and what it would tie up. */
    private record Priced(List<OpenLeg> legs, double debit, double commission, double collateral) {
    }

    /** Prices an order to open; null (with a note) when a leg cannot be traded today. */
    private Priced price(DayChain day, List<LegOrder> orderLegs) {
        List<OpenLeg> legs = new ArrayList<>();
        List<Collateral.Exposure> exposures = new ArrayList<>();
        double debit = 0;
        double commission = 0;
        for (LegOrder lo : orderLegs) {
            double price;
            if (lo.contract() == null) {
                price = day.underlyingPrice1545();
                if (!Double.isFinite(price)) {
                    note("cannot open a position: no 15:45 price of " + day.underlying() + " today");
                    return null;
                }
                exposures.add(new Collateral.Exposure(null, 0, lo.quantity()));
            } else {
                Optional<OptionQuote> quote = day.quote(lo.contract());
                if (quote.isEmpty() || !quote.get().tradable1545() || lo.contract().expiration().isBefore(day.date())) {
                    note("cannot open a position: no tradable 15:45 quote for " + lo.contract().describe());
                    return null;
                }
                if (!settlement.tradable(lo.contract(), day.date())) {
                    note("cannot open a position: " + lo.contract().describe() + " is AM-settled and no longer trades");
                    return null;
                }
                price = spec.fills().model().price(quote.get(), lo.quantity() > 0);
                commission += spec.fills().commissionPerContract() * Math.abs(lo.quantity());
                exposures.add(new Collateral.Exposure(lo.contract().right(), lo.contract().strike(), lo.quantity()));
            }
            OpenLeg leg = new OpenLeg(lo.contract(), lo.quantity(), price);
            debit += leg.valueAt(price);
            legs.add(leg);
        }
        commission += spec.fills().orderFee(); // once per order, however many legs and contracts
        double collateral = Collateral.of(exposures, debit, day.underlyingPrice1545());
        if (spec.sizing().margin() == Margin.REG_T) { // at the fill prices and the 15:45 price
            collateral = RegTMargin.tiedUp(new OpenPosition(0, day.date(), legs, 0, 0), day.underlyingPrice1545(),
                    day.underlying());
        }
        return new Priced(legs, debit, commission, collateral);
    }

    private void book(DayChain day, Priced priced) {
        cash -= priced.debit() + priced.commission();
        open.add(new OpenPosition(nextPositionId++, day.date(), priced.legs(), priced.collateral(), priced.commission()));
    }

    /**
     * Opens a member's entry if it fits the account's free buying power {@code free}, else as many
     * of its units (the order's legs divided by the greatest common divisor of their quantities)
     * as fit, else not at all; each with a note naming the account. Returns what is left free.
     */
    private double openInAccount(DayChain day, Order.Open order, double free) {
        Priced priced = price(day, order.legs());
        if (priced == null) {
            return free;
        }
        if (!fits(priced.collateral(), free)) {
            int units = 0;
            for (LegOrder lo : order.legs()) {
                units = gcd(units, Math.abs(lo.quantity()));
            }
            double perUnit = priced.collateral() / units;
            int fit = Math.min(units - 1, (int) Math.floor(free / perUnit + 1e-9));
            String what = String.format(Locale.ROOT, "account '%s': the entry's collateral %.2f exceeds the account's"
                    + " free buying power %.2f", account.name(), priced.collateral(), free);
            Priced smaller = null;
            while (fit >= 1 && smaller == null) {
                Priced p = price(day, scaled(order.legs(), units, fit));
                if (p != null && fits(p.collateral(), free)) {
                    smaller = p;
                } else {
                    fit--;
                }
            }
            if (smaller == null) {
                note(what + "; not entered");
                return free;
            }
            note(what + "; reduced from " + units + " to " + fit + " unit(s)");
            priced = smaller;
        }
        book(day, priced);
        return free - priced.collateral();
    }

    /** Within a relative 1e-9: sizing divides the free capital by a unit's collateral and floors it. */
    private static boolean fits(double collateral, double free) {
        return collateral <= 0 || collateral <= free + 1e-9 * collateral;
    }

    private static List<LegOrder> scaled(List<LegOrder> legs, int units, int fit) {
        List<LegOrder> out = new ArrayList<>();
        for (LegOrder lo : legs) {
            out.add(new LegOrder(lo.contract(), lo.quantity() / units * fit));
        }
        return out;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static Set<Long> closing(List<Order> orders) {
        Set<Long> ids = new HashSet<>();
        for (Order o : orders) {
            if (o instanceof Order.Close c) {
                ids.add(c.positionId());
            }
        }
        return ids;
    }

    private void close(DayChain day, Order.Close order) {
        OpenPosition p = open.stream().filter(o -> o.id() == order.positionId()).findFirst().orElse(null);
        if (p == null) {
            note("ignored a close of position " + order.positionId() + ", which is not open");
            return;
        }
        // price every leg first: a position closes whole or not at all
        List<Double> prices = new ArrayList<>();
        for (OpenLeg leg : p.openLegs()) {
            if (leg.isClosed()) {
                prices.add(null);
            } else if (!leg.isOption()) {
                if (!Double.isFinite(day.underlyingPrice1545())) {
                    note("cannot close position " + p.id() + " (" + order.reason() + "): no 15:45 price of "
                            + day.underlying() + " today; still open");
                    return;
                }
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
        for (int i = 0; i < p.openLegs().size(); i++) {
            OpenLeg leg = p.openLegs().get(i);
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
        double close = closeOf(day);
        for (Iterator<OpenPosition> it = open.iterator(); it.hasNext(); ) {
            OpenPosition p = it.next();
            boolean settledAny = false;
            for (OpenLeg leg : p.openLegs()) {
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
            if (settledAny && p.openLegs().stream().noneMatch(l -> l.isOption() && !l.isClosed())) {
                for (OpenLeg leg : p.openLegs()) {
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
        for (OpenPosition p : open) {
            for (OpenLeg leg : p.openLegs()) {
                if (leg.isClosed()) {
                    continue;
                }
                if (!leg.isOption()) {
                    double close = closeOf(day);
                    if (Double.isFinite(close)) {
                        leg.mark(close);
                    }
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
        for (OpenPosition p : open) {
            equity += p.markedValue();
        }
        for (OpenPosition p : RegTMargin.marginCall(open, equity, closeOf(day), underlying, this::note)) {
            closeAtMarks(p, day.date(), ExitReason.MARGIN_CALL);
        }
    }

    /** Closes a whole position at its end-of-day marks, with the commission of the close (no order fee). */
    void closeAtMarks(OpenPosition p, LocalDate date, ExitReason reason) {
        for (OpenLeg leg : p.openLegs()) {
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
        trades.add(trade(p, date, reason));
    }

    private void record(LocalDate date) {
        double equity = cash;
        double exposure = 0;
        for (OpenPosition p : open) {
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
        for (OpenPosition p : open) {
            equity += p.markedValue();
        }
        if (equity > 0) {
            return;
        }
        stop(date, String.format(Locale.ROOT, "ruin: equity %.2f at the close; open positions closed at their marks,"
                + " no trading after this day", equity));
    }

    /**
     * Ruin: what is open closes at its last marks (no fill, no commission: equity is unchanged), the
     * note is recorded under {@code date}, and later days are ignored.
     */
    void stop(LocalDate date, String message) {
        for (OpenPosition p : open) {
            for (OpenLeg leg : p.openLegs()) {
                if (!leg.isClosed()) {
                    cash += leg.valueAt(leg.mark());
                    leg.close(leg.mark());
                }
            }
            trades.add(trade(p, date, ExitReason.RUIN));
        }
        open.clear();
        ruinDate = date;
        notes.add(date + ": " + message);
    }

    // what a shared account reads of its members and does to them (package-private: SharedAccount)

    void join(SharedAccount shared) {
        if (lastDate != null || !daily.isEmpty()) {
            throw new IllegalStateException("strategy '" + spec.name() + "' has traded: it cannot join an account");
        }
        this.account = shared;
    }

    StrategySpec spec() {
        return spec;
    }

    /** Cash plus open positions at today's 15:45 mids while a day is stepped, else at the last marks. */
    double equity1545() {
        double equity = cash;
        DayChain at1545 = today == null ? null : today.at1545();
        for (OpenPosition p : open) {
            equity += at1545 == null ? p.markedValue() : p.value1545(at1545).orElse(p.markedValue());
        }
        return equity;
    }

    /** Cash plus open positions at their last end-of-day marks. */
    double equityAtMarks() {
        double equity = cash;
        for (OpenPosition p : open) {
            equity += p.markedValue();
        }
        return equity;
    }

    /** Collateral of the open positions that stay open after {@code date}, those in {@code closing} aside. */
    double tied(LocalDate date, Set<Long> closing) {
        double tied = 0;
        for (OpenPosition p : open) {
            if (!p.endsBy(date) && !closing.contains(p.id())) {
                tied += p.collateral();
            }
        }
        return tied;
    }

    /** Open positions, oldest first (a copy). */
    List<OpenPosition> openPositions() {
        return new ArrayList<>(open);
    }

    /** Reg T: each open position's requirement re-priced at the day's marks and close. */
    void repriceRequirements(DayChain day) {
        double close = closeOf(day);
        if (!Double.isFinite(close)) {
            return; // no price known yet: the requirements stay as entered
        }
        for (OpenPosition p : open) {
            p.collateral(RegTMargin.tiedUp(p, close, underlying));
        }
    }

    /**
     * The day's close, or on a day without one (no row in the pruned scan) the last known close,
     * which the settlement prices keep ({@link SettlementPrices#lastClose}).
     */
    private double closeOf(DayChain day) {
        return Double.isFinite(day.underlyingPriceEod()) ? day.underlyingPriceEod() : settlement.lastClose();
    }

    void note(String message) {
        notes.add(lastDate + ": " + message);
    }

    private Trade trade(OpenPosition p, LocalDate exitDate, ExitReason reason) {
        List<TradeLeg> legs = new ArrayList<>();
        double gross = 0;
        for (OpenLeg leg : p.openLegs()) {
            double exit = leg.isClosed() ? leg.exitPrice() : leg.mark();
            TradeLeg t = new TradeLeg(leg.contract(), leg.quantity(), leg.entryPrice(), exit);
            gross += t.grossPnl();
            legs.add(t);
        }
        return new Trade(p.id(), spec.name(), underlying, p.entryDate(), exitDate, reason, legs, p.entryValue(),
                p.commissions(), gross - p.commissions());
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
            for (OpenPosition p : open) {
                equity += p.value1545(at1545).orElse(p.markedValue());
            }
            return equity;
        }

        /** On its own book as {@link PortfolioView} says; a member's is its account's ({@link SharedAccount#freeCapital}). */
        @Override
        public double freeCapital(LocalDate today, Set<Long> closing) {
            return account == null ? PortfolioView.super.freeCapital(today, closing)
                    : account.freeCapital(StrategyEngine.this, today, closing);
        }
    }
}
