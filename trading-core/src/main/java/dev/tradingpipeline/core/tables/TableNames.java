package dev.tradingpipeline.core.tables;

import java.util.List;

/**
 * The names of the pipeline's Iceberg tables, as {@code namespace.table} in the configured
 * catalog: the ingest's (bronze, rejects, silver and the landing-file ledger) and the strategy
 * mode's gold tables. Plain strings, so that validating a configuration or naming a table in the
 * plugin loads no Spark or Iceberg class.
 */
public final class TableNames {

    /** Every vendor line as landed, with its file and line number. */
    public static final String BRONZE = "bronze.option_eod";
    /** Lines that failed validation, with the reason. */
    public static final String REJECTS = "bronze.option_eod_rejects";
    /** Typed, validated, one row per key. */
    public static final String SILVER = "silver.option_eod";
    /** The landing-file ledger: which file was loaded, when, with what outcome. */
    public static final String LEDGER = "ops.landing_files";
    public static final List<String> INGEST = List.of(BRONZE, REJECTS, SILVER, LEDGER);

    public static final String RUNS = "gold.strategy_runs";
    public static final String TRADES = "gold.strategy_trades";
    public static final String DAILY = "gold.strategy_daily";
    public static final String SUMMARY = "gold.strategy_summary";
    /** One row per window of an out-of-sample check (walk-forward or in-sample split). */
    public static final String WINDOWS = "gold.walk_forward_windows";
    /** Per portfolio of a run, one row per member simulation: its share, P&amp;L, contribution and correlations. */
    public static final String PORTFOLIO_MEMBERS = "gold.portfolio_members";
    public static final List<String> GOLD = List.of(RUNS, TRADES, DAILY, SUMMARY, WINDOWS, PORTFOLIO_MEMBERS);

    /** The tables the maintenance mode looks after: the ingest tables, then the gold tables. */
    public static final List<String> MAINTAINED = List.of(BRONZE, REJECTS, SILVER, LEDGER, RUNS, TRADES, DAILY,
            SUMMARY, WINDOWS, PORTFOLIO_MEMBERS);

    private TableNames() {
    }
}
