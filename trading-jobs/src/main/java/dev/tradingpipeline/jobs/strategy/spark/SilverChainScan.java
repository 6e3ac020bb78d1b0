package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The part of silver a set of strategy tasks can touch, read as narrowly as the tasks allow, with
 * every bound a predicate Iceberg can push down: only the tasks' underlyings (the
 * {@code bucket(underlying_symbol)} partitions and the per-file bounds of the sorted files), only
 * their dates (the {@code days(quote_date)} partitions), only the contracts whose days to expiry
 * the legs can enter (0 up to the widest leg's maximum: a contract entered at that DTE is then
 * marked every day until it expires) and only the columns {@link ChainRows} reads.
 *
 * <p>Strikes are not bounded: a held contract must be marked wherever the underlying goes, and a
 * delta-chosen leg's strike is only known on its entry day. A task running a user class has no
 * known DTE bound, so its underlying is read at every DTE.
 *
 * <p>The DTE bound drops whole days: a day on which no contract of an underlying falls in the
 * window (after a monthly expiration, before the next one enters) has no row in the scan. The
 * simulations' calendar is therefore read apart ({@link #days}): every date the data has for each
 * underlying within its tasks' dates, from the two key columns only, at every DTE.
 */
public final class SilverChainScan {

    /** One underlying's bounds over the tasks that trade it; null = unbounded. */
    record Scope(String underlying, LocalDate start, LocalDate end, Integer maxDte) {
    }

    private SilverChainScan() {
    }

    /** The pruned rows in {@link ChainRows#COLUMNS} order (strike as a double). */
    public static Dataset<Row> read(SparkSession spark, String silverTable, List<StrategyTask> tasks) {
        Map<String, Scope> scopes = scopes(tasks);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no strategy task to read silver for");
        }
        return spark.table(silverTable).where(predicate(scopes)).select(ChainRows.columns());
    }

    /**
     * The calendar of the underlyings the DTE bound can thin out: one row {@code (underlying_symbol,
     * quote_date)} per row of silver within their tasks' dates, not deduplicated (the rows of one
     * underlying and day are adjacent in a file, so {@link DayBlocks} folds them into one block a
     * run). Only those two columns are read, with the same underlying and date bounds pushed down
     * as {@link #read}; Parquet decodes them from dictionary and run-length pages, a small part of
     * the cost of the chain's columns. Null when no task has a DTE bound: the chain is then read at
     * every DTE and has every day already.
     */
    public static Dataset<Row> days(SparkSession spark, String silverTable, List<StrategyTask> tasks) {
        Map<String, Scope> bounded = new TreeMap<>();
        scopes(tasks).forEach((u, s) -> {
            if (s.maxDte() != null) {
                bounded.put(u, new Scope(u, s.start(), s.end(), null));
            }
        });
        if (bounded.isEmpty()) {
            return null;
        }
        return spark.table(silverTable).where(predicate(bounded)).select(col("underlying_symbol"), col("quote_date"));
    }

    /**
     * The filter: {@code underlying_symbol IN (...)} and the overall date range as plain conjuncts
     * (partition pruning even where a source cannot push an OR), then each underlying's own dates
     * and DTE bound.
     */
    static Column predicate(Map<String, Scope> scopes) {
        Column underlyings = col("underlying_symbol").isin(scopes.keySet().toArray());
        Column all = underlyings;
        Scope first = scopes.values().iterator().next();
        LocalDate start = first.start();
        LocalDate end = first.end();
        for (Scope s : scopes.values()) {
            start = earlier(start, s.start());
            end = later(end, s.end());
        }
        if (start != null) {
            all = all.and(col("quote_date").geq(lit(start)));
        }
        if (end != null) {
            all = all.and(col("quote_date").leq(lit(end)));
        }
        if (scopes.size() == 1) {
            return all.and(ownBounds(first));
        }
        Column any = null;
        for (Scope s : scopes.values()) {
            Column own = col("underlying_symbol").equalTo(lit(s.underlying())).and(ownBounds(s));
            any = any == null ? own : any.or(own);
        }
        return all.and(any);
    }

    private static Column ownBounds(Scope s) {
        Column c = lit(true);
        if (s.start() != null) {
            c = c.and(col("quote_date").geq(lit(s.start())));
        }
        if (s.end() != null) {
            c = c.and(col("quote_date").leq(lit(s.end())));
        }
        if (s.maxDte() != null) {
            c = c.and(col("dte").between(0, s.maxDte()));
        }
        return c;
    }

    /** Per underlying, the union of its tasks' date ranges and the widest DTE any of them can enter. */
    static Map<String, Scope> scopes(List<StrategyTask> tasks) {
        Map<String, Scope> scopes = new TreeMap<>();
        for (StrategyTask task : tasks) {
            StrategySpec spec = task.spec();
            Integer maxDte = maxDte(task);
            for (String u : spec.underlyings()) {
                Scope s = scopes.get(u);
                scopes.put(u, s == null ? new Scope(u, spec.start(), spec.end(), maxDte)
                        : new Scope(u, earlier(s.start(), spec.start()), later(s.end(), spec.end()),
                                s.maxDte() == null || maxDte == null ? null : Math.max(s.maxDte(), maxDte)));
            }
        }
        return scopes;
    }

    /** The largest DTE a task's legs can enter; null when unknown (a user class, or no option leg). */
    static Integer maxDte(StrategyTask task) {
        if (task.strategyClass().isPresent()) {
            return null;
        }
        List<Integer> maxes = new ArrayList<>();
        for (Leg leg : task.spec().legs()) {
            if (leg.isOption()) {
                maxes.add(leg.dte().max());
            }
        }
        return maxes.stream().max(Integer::compare).orElse(null);
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a == null || b == null ? null : a.isBefore(b) ? a : b;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null || b == null ? null : a.isAfter(b) ? a : b;
    }
}
