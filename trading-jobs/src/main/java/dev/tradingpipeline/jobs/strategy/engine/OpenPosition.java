package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import java.time.LocalDate;
import java.util.List;

/**
 * A position in the engine's book: what strategies see as a {@link Position}, plus what only the
 * engine changes (its collateral under Reg T margin, its commissions, its legs' marks and closes).
 */
final class OpenPosition implements Position {

    private final long id;
    private final LocalDate entryDate;
    private final List<OpenLeg> legs;
    private double collateral;
    private double commissions;

    OpenPosition(long id, LocalDate entryDate, List<OpenLeg> legs, double collateral, double entryCommissions) {
        this.id = id;
        this.entryDate = entryDate;
        this.legs = List.copyOf(legs);
        this.collateral = collateral;
        this.commissions = entryCommissions;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public LocalDate entryDate() {
        return entryDate;
    }

    /** The legs as the engine changes them. */
    List<OpenLeg> openLegs() {
        return legs;
    }

    /** The same legs, read-only: the list cannot change, so it serves as a list of the view type. */
    @Override
    @SuppressWarnings("unchecked")
    public List<PositionLeg> legs() {
        return (List<PositionLeg>) (List<? extends PositionLeg>) legs;
    }

    /**
     * Cash the position ties up while open (see {@link Collateral}, or {@link RegTMargin} at the last
     * close under Reg T margin); the engine's "exposure".
     */
    @Override
    public double collateral() {
        return collateral;
    }

    /** Under Reg T margin the requirement moves with the marks: the engine updates it at each close. */
    void collateral(double amount) {
        collateral = amount;
    }

    @Override
    public double commissions() {
        return commissions;
    }

    void addCommission(double amount) {
        commissions += amount;
    }
}
