package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the members of one portfolio in lockstep, date by date, in one {@link SharedAccount}: fed
 * the chains of a date (one {@link DayChain} per underlying, in any order), then the date's end
 * ({@link #endDate}, or the first chain of a later date), it steps every member whose underlying
 * has a chain that date, phase by phase for all of them:
 * <ol>
 *   <li>each member starts its day (its night's interest);</li>
 *   <li>the members decide and trade in member order at 15:45, each sized from the account
 *       ({@link SharedAccount#freeCapital}): an entry ties up its collateral at once, so a later
 *       member sees it;</li>
 *   <li>each member's early assignments, expiry settlement and end-of-day marks;</li>
 *   <li>the account's Reg T margin call, then its ruin check ({@link SharedAccount});</li>
 *   <li>each member records its daily row.</li>
 * </ol>
 * A member whose underlying has no chain on a date (no data at all that date: the job feeds a chain,
 * perhaps without quotes, for every date its underlying has data; or outside its start and end) skips it: no
 * row, its positions keep their last marks and collateral, and they count in the account as such.
 * Once the account is ruined, later dates are ignored.
 */
public final class PortfolioLockstep {

    /** A member: the engine of one strategy on one underlying, fed that underlying's chains. */
    public record Member(String underlying, StrategyEngine engine) {
        public Member {
            Objects.requireNonNull(underlying, "underlying");
            Objects.requireNonNull(engine, "engine");
        }
    }

    private final List<Member> members;
    private final SharedAccount account;
    private final Map<String, DayChain> chains = new HashMap<>();
    /** The date being gathered, or null. */
    private LocalDate date;
    private LocalDate lastStepped;

    /**
     * @param account the account's name (the portfolio's)
     * @param members fresh engines, in member order, their capitals the members' shares
     */
    public PortfolioLockstep(String account, List<Member> members) {
        this.members = List.copyOf(members);
        this.account = new SharedAccount(account, this.members.stream().map(Member::engine).toList());
    }

    public SharedAccount account() {
        return account;
    }

    /** The members' engines, in member order (their results once the last date has ended). */
    public List<StrategyEngine> engines() {
        return members.stream().map(Member::engine).toList();
    }

    /**
     * One underlying's chain of a date. A chain of a later date than the one gathered ends that
     * date first; an earlier date, or a second chain of one underlying on a date, is refused.
     */
    public void accept(DayChain day) {
        LocalDate d = day.date();
        if (date != null && d.isAfter(date)) {
            endDate();
        }
        if ((date != null && d.isBefore(date)) || (date == null && lastStepped != null && !d.isAfter(lastStepped))) {
            throw new IllegalArgumentException("dates must come in order: " + d + " after "
                    + (date != null ? date : lastStepped));
        }
        if (chains.putIfAbsent(day.underlying(), day) != null) {
            throw new IllegalArgumentException("two chains of " + day.underlying() + " on " + d);
        }
        date = d;
    }

    /** Steps the members over the date gathered; nothing when none is. */
    public void endDate() {
        if (date == null) {
            return;
        }
        try {
            step(date);
        } finally {
            lastStepped = date;
            date = null;
            chains.clear();
        }
    }

    private void step(LocalDate today) {
        if (account.ruined()) {
            return;
        }
        List<StrategyEngine> stepped = new ArrayList<>();
        List<DayChain> days = new ArrayList<>();
        for (Member m : members) {
            DayChain day = chains.get(m.underlying());
            if (day != null && m.engine().begin(day)) {
                stepped.add(m.engine());
                days.add(day);
            }
        }
        for (int i = 0; i < stepped.size(); i++) {
            stepped.get(i).decide(days.get(i));
        }
        for (int i = 0; i < stepped.size(); i++) {
            stepped.get(i).endOfDay(days.get(i));
        }
        if (!stepped.isEmpty()) {
            account.marginCall(today, stepped, days);
            account.stopIfRuined(today);
        }
        for (int i = 0; i < stepped.size(); i++) {
            stepped.get(i).closeDay(days.get(i));
        }
    }
}
