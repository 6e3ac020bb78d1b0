package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The part of silver a set of strategy tasks can touch, read as narrowly as the tasks allow, with
 * every bound a predicate Iceberg can push down: only the tasks' underlyings (the row groups of
 * the day files, sorted by underlying, by their statistics), only
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
 * underlying within its tasks' dates, from silver's metadata (no data file opened).
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
     * quote_date)} per day and underlying, sorted, for every day of silver within the underlying's
     * tasks' dates that has a data file which may hold the underlying. It is read from Iceberg's
     * metadata alone, no data file opened: each data file of silver lies in one {@code
     * days(quote_date)} partition (its {@code quote_date} bounds are one day) and its {@code
     * underlying_symbol} bounds say which underlyings it may hold (a day's file holds the day's
     * underlyings in order, so these are the market's days within the underlying's range of
     * symbols). A day on which the underlying alone is missing while the day's file holds
     * underlyings on both sides of it therefore counts as a trading day without quotes, as a day
     * the vendor left it out. Where the metadata cannot tell (a file without those bounds, or spanning days), the
     * two columns are read instead ({@link #scannedDays}).
     *
     * @param silver the silver table as just loaded (refreshed), asked for only when a task has a
     *               DTE bound
     * @return the calendar; null when no task has a DTE bound: the
     * chain is then read at every DTE and has every day already.
     */
    public static Dataset<Row> days(SparkSession spark, String silverTable, Supplier<Table> silver,
            List<StrategyTask> tasks) {
        Map<String, Scope> bounded = boundedScopes(tasks);
        if (bounded.isEmpty()) {
            return null;
        }
        return metadataDays(silver.get(), bounded)
                .map(days -> spark.createDataFrame(days, CALENDAR))
                .orElseGet(() -> scannedDays(spark, silverTable, bounded));
    }

    /** The calendar's rows: the underlying and the day, as the chain's first two columns. */
    static final StructType CALENDAR = new StructType()
            .add("underlying_symbol", DataTypes.StringType)
            .add("quote_date", DataTypes.DateType);

    /**
     * The calendar from silver's metadata (see {@link #days}); empty when a data file's metadata
     * cannot place it on one day or say which underlyings it holds.
     */
    static Optional<List<Row>> metadataDays(Table table, Map<String, Scope> scopes) {
        Types.NestedField symbol = table.schema().findField("underlying_symbol");
        Types.NestedField date = table.schema().findField("quote_date");
        if (symbol == null || date == null) {
            return Optional.empty();
        }
        Expression filter = Expressions.in("underlying_symbol", scopes.keySet().toArray());
        LocalDate start = null;
        LocalDate end = null;
        boolean first = true;
        for (Scope s : scopes.values()) {
            start = first ? s.start() : earlier(start, s.start());
            end = first ? s.end() : later(end, s.end());
            first = false;
        }
        if (start != null) {
            filter = Expressions.and(filter, Expressions.greaterThanOrEqual("quote_date", start.toString()));
        }
        if (end != null) {
            filter = Expressions.and(filter, Expressions.lessThanOrEqual("quote_date", end.toString()));
        }
        Comparator<CharSequence> order = Comparators.charSequences();
        Set<List<Object>> days = new TreeSet<>(Comparator.<List<Object>, String>comparing(k -> (String) k.get(0))
                .thenComparing(k -> (LocalDate) k.get(1)));
        try (CloseableIterable<FileScanTask> files = table.newScan().filter(filter).includeColumnStats().planFiles()) {
            for (FileScanTask task : files) {
                DataFile f = task.file();
                Object dayLow = bound(f.lowerBounds(), date);
                Object dayHigh = bound(f.upperBounds(), date);
                CharSequence low = (CharSequence) bound(f.lowerBounds(), symbol);
                CharSequence high = (CharSequence) bound(f.upperBounds(), symbol);
                if (dayLow == null || !dayLow.equals(dayHigh) || low == null || high == null) {
                    return Optional.empty();
                }
                LocalDate day = LocalDate.ofEpochDay((Integer) dayLow);
                for (Scope s : scopes.values()) {
                    boolean inDates = (s.start() == null || !day.isBefore(s.start()))
                            && (s.end() == null || !day.isAfter(s.end()));
                    // truncated string bounds still bound: the lower one is a prefix, the upper one rounded up
                    if (inDates && order.compare(low, s.underlying()) <= 0 && order.compare(s.underlying(), high) <= 0) {
                        days.add(List.of(s.underlying(), day));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("planning the calendar of " + table.name(), e);
        }
        List<Row> rows = new ArrayList<>(days.size());
        days.forEach(k -> rows.add(RowFactory.create(k.get(0), k.get(1))));
        return Optional.of(rows);
    }

    private static Object bound(Map<Integer, ByteBuffer> bounds, Types.NestedField field) {
        ByteBuffer b = bounds == null ? null : bounds.get(field.fieldId());
        return b == null ? null : Conversions.fromByteBuffer(field.type(), b);
    }

    /**
     * The calendar read from the data: one row per silver row of the underlyings within their
     * dates, the two key columns only, at every DTE (not deduplicated: the rows of one underlying
     * and day are adjacent in a file, so {@link DayBlocks} folds them into one block a run).
     */
    static Dataset<Row> scannedDays(SparkSession spark, String silverTable, Map<String, Scope> bounded) {
        return spark.table(silverTable).where(predicate(bounded)).select(col("underlying_symbol"), col("quote_date"));
    }

    /** The scopes of the underlyings some task bounds by DTE, without that bound. */
    private static Map<String, Scope> boundedScopes(List<StrategyTask> tasks) {
        Map<String, Scope> bounded = new TreeMap<>();
        scopes(tasks).forEach((u, s) -> {
            if (s.maxDte() != null) {
                bounded.put(u, new Scope(u, s.start(), s.end(), null));
            }
        });
        return bounded;
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
