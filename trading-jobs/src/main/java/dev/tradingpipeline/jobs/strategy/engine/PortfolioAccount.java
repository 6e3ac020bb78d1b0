package dev.tradingpipeline.jobs.strategy.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The series of one portfolio's account, summed from its member simulations' end-of-day rows, fed
 * one date at a time. The members ran in lockstep in one {@link SharedAccount} (sharing its capital
 * and buying power, its margin calls and its ruin), each on its own book: so the account's equity,
 * cash and exposure of a date are the sums of the members'. A member without a row on a date
 * carries its last values (its starting capital, as cash, before its first row; its last row after
 * its series ends, e.g. at its end date, or over a data gap of its underlying), as the shared
 * account counted it. The account is ruined when its equity is at or below zero after a date: its
 * series ends there (the members stopped that date), and later dates are ignored. Dates on which
 * the summed exposure (what the members' positions tie up under their margin rule) exceeds the
 * account's equity are counted: entries are held to the account's free buying power, but losses
 * (and, under Reg T, requirements re-priced at the close) can still take the exposure above the
 * equity afterwards.
 *
 * <p>Per member: its P&amp;L (last equity less its capital, both at the account's last date), its
 * contribution (its P&amp;L over the account's; NaN when that is zero), its return contribution (its
 * P&amp;L over the account's capital: they add up to the account's total return), and the Pearson
 * correlation of its daily returns with each member's. A member's return of a date is its equity
 * over its equity of the previous date, less 1, counted only when it has a row on both dates (or
 * on its first row, over its capital); each pair uses the dates both count. Memory is one running
 * set of co-moments per pair, however many dates.
 */
public final class PortfolioAccount {

    /** The account convention in words, for the report and the run's conventions. */
    public static final String ACCOUNT_RULE = "the members share one account: its equity, cash and exposure are the"
            + " sums of theirs, the members run in lockstep date by date, each on its own book, whose cash may go"
            + " below zero (it borrows the account's); a member sizes a new entry from its weight x the account's"
            + " equity at 15:45 less its own collateral, and every entry must fit the account's free buying power"
            + " (its equity at 15:45 less the collateral of all members' positions that stay open), else it is"
            + " reduced to the units that fit or not entered; Reg T margin calls compare the account's equity with"
            + " all its members' requirements and close the largest first; a member without data on a date carries"
            + " its last values (its capital, as cash, before its first); the account is ruined at equity zero or"
            + " below: every member closes at its marks and the series ends there; dates on which the members'"
            + " summed exposure exceeded the account's equity (after losses) are counted";

    /**
     * A member simulation.
     *
     * @param key how the account names it, e.g. {@code spx-put-write/^SPX}
     * @param capital its starting capital, its share of the account's (its weight x the account's capital)
     */
    public record Member(String key, double capital) {
        public Member {
            Objects.requireNonNull(key, "key");
            if (!(capital > 0)) {
                throw new IllegalArgumentException("member '" + key + "': capital must be > 0, got " + capital);
            }
        }
    }

    /** A member's end-of-day values of one date. */
    public record MemberDay(double equity, double cash, double exposure) {
    }

    /**
     * What a member brought to the account, up to the account's last date.
     *
     * @param contribution pnl / the account's pnl; NaN when the account's pnl is zero
     * @param returnContribution pnl / the account's capital
     * @param correlations the Pearson correlation of its daily returns with each member's (itself
     *     included: 1), by key in member order; NaN with fewer than two common dates or no variation
     */
    public record MemberResult(String key, double capital, double pnl, double contribution, double returnContribution,
            Map<String, Double> correlations) {
        public MemberResult {
            correlations = Collections.unmodifiableMap(new LinkedHashMap<>(correlations));
        }
    }

    /**
     * The account's series and its members' shares of it.
     *
     * @param capital the members' capitals added up
     * @param daily one row per date fed, up to and including the day of ruin
     * @param ruinDate the date equity reached zero or below, or null
     * @param overMarginDays dates on which the summed exposure exceeded the account's equity
     */
    public record Outcome(double capital, List<DailyRow> daily, LocalDate ruinDate, int overMarginDays,
            List<MemberResult> members, List<String> notes) {
        public Outcome {
            daily = List.copyOf(daily);
            members = List.copyOf(members);
            notes = List.copyOf(notes);
        }

        /** The account's metrics, from its equity and exposure and the members' trades' P&amp;Ls. */
        public SimulationSummary summary(double cashRate, double[] tradePnls) {
            double[] equity = daily.stream().mapToDouble(DailyRow::equity).toArray();
            double[] exposure = daily.stream().mapToDouble(DailyRow::exposure).toArray();
            return Metrics.summarize(capital, equity, exposure, tradePnls, cashRate);
        }

        public double pnl() {
            return daily.isEmpty() ? 0 : daily.get(daily.size() - 1).equity() - capital;
        }
    }

    private final List<Member> members;
    private final double capital;
    private final double[] equity;
    private final double[] cash;
    private final double[] exposure;
    private final boolean[] hadRowOnPreviousDate;
    private final LocalDate[] firstRow;
    private final int[] missingSinceLastRow;
    private final int[] gapDays;
    private final LocalDate[] firstGap;
    private final LocalDate[] missingFrom;
    /** Co-moments of each pair (i &lt;= j) over the dates both have a return. */
    private final CoMoments[][] pairs;
    private final List<DailyRow> daily = new ArrayList<>();
    private LocalDate lastDate;
    private double peak;
    private LocalDate ruinDate;
    private int overMarginDays;
    private LocalDate firstOverMargin;

    public PortfolioAccount(List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an account needs at least one member");
        }
        Set<String> keys = new HashSet<>();
        for (Member m : members) {
            if (!keys.add(m.key())) {
                throw new IllegalArgumentException("member '" + m.key() + "' is given twice");
            }
        }
        this.members = List.copyOf(members);
        int n = members.size();
        equity = new double[n];
        cash = new double[n];
        exposure = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            equity[i] = members.get(i).capital();
            cash[i] = members.get(i).capital();
            sum += members.get(i).capital();
        }
        capital = sum;
        peak = sum;
        hadRowOnPreviousDate = new boolean[n];
        firstRow = new LocalDate[n];
        missingSinceLastRow = new int[n];
        gapDays = new int[n];
        firstGap = new LocalDate[n];
        missingFrom = new LocalDate[n];
        pairs = new CoMoments[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                pairs[i][j] = new CoMoments();
            }
        }
    }

    public double capital() {
        return capital;
    }

    /**
     * @param rows each member's row of the date, in member order; null where a member has none
     */
    public void onDate(LocalDate date, MemberDay[] rows) {
        Objects.requireNonNull(date, "date");
        if (rows.length != members.size()) {
            throw new IllegalArgumentException("expected " + members.size() + " member rows, got " + rows.length);
        }
        if (lastDate != null && !date.isAfter(lastDate)) {
            throw new IllegalArgumentException("dates must come in order: " + date + " after " + lastDate);
        }
        lastDate = date;
        if (ruinDate != null) {
            return; // the account's series ended at its ruin
        }
        int n = members.size();
        double[] returns = new double[n];
        for (int i = 0; i < n; i++) {
            MemberDay row = rows[i];
            returns[i] = Double.NaN;
            if (row == null) {
                if (firstRow[i] != null && missingSinceLastRow[i]++ == 0) {
                    missingFrom[i] = date; // a gap if a row follows, the series' end if none does
                }
                hadRowOnPreviousDate[i] = false;
                continue;
            }
            boolean first = firstRow[i] == null;
            if (first) {
                firstRow[i] = date;
            } else if (missingSinceLastRow[i] > 0) {
                gapDays[i] += missingSinceLastRow[i];
                firstGap[i] = firstGap[i] == null ? missingFrom[i] : firstGap[i];
            }
            missingSinceLastRow[i] = 0;
            if (first || hadRowOnPreviousDate[i]) {
                returns[i] = row.equity() / equity[i] - 1;
            }
            equity[i] = row.equity();
            cash[i] = row.cash();
            exposure[i] = row.exposure();
            hadRowOnPreviousDate[i] = true;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                if (!Double.isNaN(returns[i]) && !Double.isNaN(returns[j])) {
                    pairs[i][j].add(returns[i], returns[j]);
                }
            }
        }
        double e = 0;
        double c = 0;
        double x = 0;
        for (int i = 0; i < n; i++) {
            e += equity[i];
            c += cash[i];
            x += exposure[i];
        }
        double previous = daily.isEmpty() ? capital : daily.get(daily.size() - 1).equity();
        peak = Math.max(peak, e);
        daily.add(new DailyRow(date, e, c, x, e - previous, e / peak - 1));
        if (x > e) {
            if (overMarginDays++ == 0) {
                firstOverMargin = date;
            }
        }
        if (e <= 0) {
            ruinDate = date;
        }
    }

    public Outcome result() {
        int n = members.size();
        double accountPnl = 0;
        double[] pnl = new double[n];
        for (int i = 0; i < n; i++) {
            pnl[i] = equity[i] - members.get(i).capital();
            accountPnl += pnl[i];
        }
        List<MemberResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> correlations = new LinkedHashMap<>();
            for (int j = 0; j < n; j++) {
                correlations.put(members.get(j).key(), i <= j ? pairs[i][j].correlation() : pairs[j][i].correlation());
            }
            results.add(new MemberResult(members.get(i).key(), members.get(i).capital(), pnl[i],
                    accountPnl == 0 ? Double.NaN : pnl[i] / accountPnl, pnl[i] / capital, correlations));
        }
        return new Outcome(capital, daily, ruinDate, overMarginDays, results, notes());
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        LocalDate first = daily.isEmpty() ? null : daily.get(0).date();
        for (int i = 0; i < members.size(); i++) {
            String key = members.get(i).key();
            if (firstRow[i] == null) {
                notes.add(key + ": no day simulated: its capital stays cash throughout");
                continue;
            }
            if (firstRow[i].isAfter(first)) {
                notes.add(key + ": first day " + firstRow[i] + ": its capital counted as cash before");
            }
            if (gapDays[i] > 0) {
                notes.add(String.format(Locale.ROOT, "%s: no row on %d date(s) within its series (first %s): its"
                        + " last equity carried", key, gapDays[i], firstGap[i]));
            }
        }
        if (overMarginDays > 0) {
            notes.add(String.format(Locale.ROOT, "%d date(s) on which the members' summed margin requirement"
                    + " exceeded the account's equity (first %s): held to the account's buying power when entered,"
                    + " the positions outgrew it after losses", overMarginDays, firstOverMargin));
        }
        if (ruinDate != null) {
            notes.add("ruin: the account's equity reached zero or below on " + ruinDate + "; its series ends there");
        }
        return notes;
    }

    /** Pairwise running means and co-moments (Welford), stable whatever the number of dates. */
    private static final class CoMoments {
        private long n;
        private double meanX;
        private double meanY;
        private double sxx;
        private double syy;
        private double sxy;

        void add(double x, double y) {
            n++;
            double dx = x - meanX;
            meanX += dx / n;
            double dy = y - meanY;
            meanY += dy / n;
            sxx += dx * (x - meanX);
            syy += dy * (y - meanY);
            sxy += dx * (y - meanY);
        }

        double correlation() {
            if (n < 2 || sxx <= 0 || syy <= 0) {
                return Double.NaN;
            }
            return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
        }
    }
}
