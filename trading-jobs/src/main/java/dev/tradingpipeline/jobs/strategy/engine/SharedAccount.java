package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one account of a portfolio, which its members' engines consult: each member (a strategy on
 * one underlying, a {@link StrategyEngine}) keeps its own book (cash, positions, trades, daily
 * rows), and the account is their sum. A member's cash may go below zero: it borrows the account's
 * cash (and pays the cash rate on it, as the account's net cash earns it).
 *
 * <ul>
 *   <li><b>Equity at 15:45:</b> the members' equity at 15:45 added up: cash plus open positions at
 *       the 15:45 mids of their own underlying's chain (the last mark without a quote), or at
 *       their last marks for a member whose underlying has no data today.</li>
 *   <li><b>Shared capital:</b> a member's budget for a new entry is its weight (its capital over
 *       the account's) x the account's equity at 15:45, less the collateral its own positions that
 *       stay open after today tie up: the members resize with each other's gains and losses.</li>
 *   <li><b>Shared buying power:</b> the account's free buying power is its equity at 15:45 less
 *       the collateral of every member's positions that stay open after today (the rule of
 *       {@link PortfolioView#freeCapital}, account-wide). A member's free capital
 *       ({@link #freeCapital}) is the lesser of its budget and the account's free buying power;
 *       an entry whose collateral exceeds the buying power as it stood at the member's decision
 *       is reduced to the units that fit, or not entered (noted, naming the account). Members
 *       decide in member order, and an entry ties up its collateral at once: a later member sees it.</li>
 *   <li><b>Reg T margin calls</b> ({@link #marginCall}): after the day's marks, the requirement of
 *       every open position of the members stepped today is re-priced at their own underlying's
 *       close (a member without data today keeps its last); when the account's equity is below the
 *       total requirement, whole positions of the members stepped today are closed at the day's
 *       marks, largest requirement first (ties in member order, then oldest first), until the rest
 *       fits (positions of a member without data today are counted but not closed: they have no
 *       marks of today). A member's own equity below its own requirement calls nothing.</li>
 *   <li><b>Ruin</b> ({@link #stopIfRuined}): when the account's equity at the marks is at or below
 *       zero after a date, every member closes what it holds at its marks and stops (its
 *       {@code ruin_date} is that date); a member's own equity below zero is no ruin.</li>
 * </ul>
 */
public final class SharedAccount {

    private final String name;
    private final List<StrategyEngine> members;
    private final double[] weights;
    private final double capital;
    private final Margin margin;
    /** The date each member was last told the account's buying power bound its sizing. */
    private final LocalDate[] boundOn;
    private LocalDate ruinDate;

    /**
     * @param name the account's name in the members' notes (the portfolio's)
     * @param members fresh engines, in member order; their capitals are their shares of the account
     */
    public SharedAccount(String name, List<StrategyEngine> members) {
        this.name = Objects.requireNonNull(name, "name");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("account '" + name + "' has no member");
        }
        this.members = List.copyOf(members);
        this.margin = members.get(0).spec().sizing().margin();
        double sum = 0;
        for (StrategyEngine m : members) {
            if (m.spec().sizing().margin() != margin) {
                throw new IllegalArgumentException("account '" + name + "': its members' margins differ; one account"
                        + " has one margin rule");
            }
            sum += m.spec().sizing().capital();
        }
        this.capital = sum;
        this.weights = new double[members.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = members.get(i).spec().sizing().capital() / sum;
        }
        this.boundOn = new LocalDate[members.size()];
        for (int i = 0; i < members.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (members.get(i) == members.get(j)) {
                    throw new IllegalArgumentException("account '" + name + "': a member is given twice");
                }
            }
            members.get(i).join(this);
        }
    }

    public String name() {
        return name;
    }

    /** The members' capitals added up. */
    public double capital() {
        return capital;
    }

    /** The member's share of the account: its capital over the account's. */
    public double weight(int member) {
        return weights[member];
    }

    /** The date the account's equity reached zero or below, or null. */
    public LocalDate ruinDate() {
        return ruinDate;
    }

    public boolean ruined() {
        return ruinDate != null;
    }

    /** The members' equity at 15:45 (at their last marks outside a stepped day), added up. */
    public double equity1545() {
        double equity = 0;
        for (StrategyEngine m : members) {
            equity += m.equity1545();
        }
        return equity;
    }

    /** The members' equity at their last end-of-day marks, added up. */
    public double equityAtMarks() {
        double equity = 0;
        for (StrategyEngine m : members) {
            equity += m.equityAtMarks();
        }
        return equity;
    }

    /**
     * Equity at 15:45 less the collateral of every member's positions that stay open after
     * {@code today}; {@code closing} are positions of {@code deciding} it is about to close.
     */
    double freeBuyingPower(StrategyEngine deciding, LocalDate today, Set<Long> closing) {
        return equity1545() - tied(deciding, today, closing);
    }

    /**
     * What {@code member} may use for a new entry: the lesser of its budget (its weight x the
     * account's equity at 15:45, less its own tied collateral) and the account's free buying power.
     * When the buying power is the lesser, the member is told once that day.
     */
    double freeCapital(StrategyEngine member, LocalDate today, Set<Long> closing) {
        int i = indexOf(member);
        double equity = equity1545();
        double all = tied(member, today, closing);
        double own = member.tied(today, closing);
        double free = equity - all;
        double budget = weights[i] * equity - own;
        if (free < budget && !today.equals(boundOn[i])) {
            boundOn[i] = today;
            member.note(String.format(Locale.ROOT, "account '%s': free buying power %.2f (equity %.2f at 15:45 less"
                    + " %.2f tied by its members' positions) is below this member's budget %.2f (%.4f of the equity"
                    + " less its own %.2f): it sizes from the account's buying power", name, free, equity, all, budget,
                    weights[i], own));
        }
        return Math.min(budget, free);
    }

    private double tied(StrategyEngine deciding, LocalDate today, Set<Long> closing) {
        double tied = 0;
        for (StrategyEngine m : members) {
            tied += m.tied(today, m == deciding ? closing : Set.of());
        }
        return tied;
    }

    /**
     * Reg T (else nothing): re-prices the requirements of the members stepped today at their
     * day's close, then closes whole positions of theirs at the day's marks, largest requirement
     * first, while the account's equity is below the total requirement of all members' positions.
     *
     * @param stepped the members stepped today, in member order, with their days
     */
    void marginCall(LocalDate date, List<StrategyEngine> stepped, List<DayChain> days) {
        if (margin != Margin.REG_T) {
            return;
        }
        for (int i = 0; i < stepped.size(); i++) {
            stepped.get(i).repriceRequirements(days.get(i));
        }
        double equity = equityAtMarks();
        double total = 0;
        for (StrategyEngine m : members) {
            for (OpenPosition p : m.openPositions()) {
                total += p.collateral();
            }
        }
        if (!(equity < total)) {
            return;
        }
        record Held(StrategyEngine member, OpenPosition position) {
        }
        List<Held> candidates = new ArrayList<>();
        for (StrategyEngine m : stepped) {
            m.openPositions().forEach(p -> candidates.add(new Held(m, p)));
        }
        candidates.sort(Comparator.comparingDouble((Held h) -> h.position().collateral()).reversed()); // stable
        double remaining = total;
        for (Held h : candidates) {
            if (!(equity < remaining)) {
                break;
            }
            h.member().note(String.format(Locale.ROOT, "margin call on account '%s': its equity %.2f is below the"
                    + " Reg T requirement %.2f of its members' positions; closing position %d (requirement %.2f) at"
                    + " the day's marks", name, equity, remaining, h.position().id(), h.position().collateral()));
            remaining -= h.position().collateral();
            h.member().closeAtMarks(h.position(), date, ExitReason.MARGIN_CALL);
        }
    }

    /**
     * When the account's equity at the marks is at or below zero: every member closes at its marks
     * and stops, the account's ruin date is {@code date}. Returns whether it was ruined.
     */
    boolean stopIfRuined(LocalDate date) {
        double equity = equityAtMarks();
        if (equity > 0) {
            return false;
        }
        for (StrategyEngine m : members) {
            m.stop(date, String.format(Locale.ROOT, "ruin of account '%s': its equity %.2f at the close (this"
                    + " member's %.2f); open positions closed at their marks, no trading after this day", name, equity,
                    m.equityAtMarks()));
        }
        ruinDate = date;
        return true;
    }

    private int indexOf(StrategyEngine member) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i) == member) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a member of account '" + name + "'");
    }
}
