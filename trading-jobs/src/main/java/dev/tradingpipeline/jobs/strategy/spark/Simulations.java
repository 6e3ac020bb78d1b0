package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSeries;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioLockstep;
import dev.tradingpipeline.jobs.strategy.engine.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.engine.SimulationResult;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.engine.StrategyEngine;
import dev.tradingpipeline.jobs.strategy.engine.StrategyLoader;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * Runs simulations inside a Spark partition. A shard is a group of simulations of one
 * underlying; its silver rows arrive as {@link DayBlocks}, in date order, one day for every
 * trading day of the underlying's data within the tasks' dates (a day the pruned scan has no row
 * for comes without quotes, from the calendar: {@link SilverChainScan#days}). Each day is decoded
 * once into a {@link DayChain} and fed to every engine of the shard, so a partition holds a few
 * days of chain at a time, whatever the length of the history. A portfolio's shard holds its
 * member simulations, on all their underlyings: a date's chains of all of them come before the
 * next date's, and its members run in lockstep in one shared account
 * ({@link PortfolioLockstep}), fed a chain per date and underlying.
 *
 * <p>Output: one row per simulation ({@link #SCHEMA}) with its trades, days, metrics, notes,
 * sampling statistics (PSR and bootstrap intervals) and benchmark comparison, computed here in the
 * executor, as nested values, for the job to explode into the gold tables.
 */
final class Simulations implements FlatMapFunction<Iterator<Tuple2<Long, byte[]>>, Row> {

    private static final long serialVersionUID = 1L;

    /**
     * One task on one underlying.
     *
     * @param account the portfolio whose shared account the simulation is a member of (its shard
     *     is that portfolio's, run in lockstep: {@link PortfolioLockstep}), or null
     */
    record Simulation(int taskId, String underlying, String account) implements Serializable {
        Simulation(int taskId, String underlying) {
            this(taskId, underlying, null);
        }
    }

    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("task_id", DataTypes.IntegerType, false),
            DataTypes.createStructField("strategy", DataTypes.StringType, true),
            DataTypes.createStructField("underlying", DataTypes.StringType, true),
            DataTypes.createStructField("data_start", DataTypes.DateType, true),
            DataTypes.createStructField("data_end", DataTypes.DateType, true),
            DataTypes.createStructField("trades", DataTypes.createArrayType(GoldTables.TRADE), true),
            DataTypes.createStructField("daily", DataTypes.createArrayType(GoldTables.DAY), true),
            DataTypes.createStructField("metrics", GoldTables.METRICS, true),
            DataTypes.createStructField("notes", DataTypes.createArrayType(DataTypes.StringType), true),
            DataTypes.createStructField("ruin_date", DataTypes.DateType, true),
            DataTypes.createStructField("stale_mark_contracts", DataTypes.IntegerType, true),
            DataTypes.createStructField("statistics", GoldTables.STATISTICS, true),
            DataTypes.createStructField("benchmark", GoldTables.BENCHMARK, true)));

    private final List<StrategyTask> tasks;
    private final Map<Integer, List<Simulation>> shards;
    private final SettlementStyles settlement;
    private final StationaryBootstrap.Settings bootstrap;
    private final Map<String, BenchmarkSeries> csvBenchmarks;

    Simulations(List<StrategyTask> tasks, Map<Integer, List<Simulation>> shards) {
        this(tasks, shards, SettlementStyles.DEFAULT, StationaryBootstrap.Settings.DEFAULT, Map.of());
    }

    Simulations(List<StrategyTask> tasks, Map<Integer, List<Simulation>> shards, SettlementStyles settlement) {
        this(tasks, shards, settlement, StationaryBootstrap.Settings.DEFAULT, Map.of());
    }

    /**
     * @param bootstrap the settings of each simulation's bootstrap intervals
     * @param csvBenchmarks the series of the tasks' CSV benchmarks, by location ({@link BenchmarkFile#read})
     */
    Simulations(List<StrategyTask> tasks, Map<Integer, List<Simulation>> shards, SettlementStyles settlement,
            StationaryBootstrap.Settings bootstrap, Map<String, BenchmarkSeries> csvBenchmarks) {
        this.tasks = List.copyOf(tasks);
        this.shards = Map.copyOf(shards);
        this.settlement = settlement;
        this.bootstrap = bootstrap;
        this.csvBenchmarks = Map.copyOf(csvBenchmarks);
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<Long, byte[]>> blocks) {
        List<Row> out = new ArrayList<>();
        DayBlocks.Days days = new DayBlocks.Days(blocks);
        int shard = -1;
        List<StrategyEngine> engines = List.of();
        PortfolioLockstep lockstep = null; // the shard's, when it is a portfolio's
        UnderlyingCloses closes = new UnderlyingCloses();
        while (days.hasNext()) {
            DayBlocks.ShardDay d = days.next();
            if (d.shard() != shard) {
                emit(shard, engines, lockstep, closes, out);
                shard = d.shard();
                lockstep = lockstep(shard);
                engines = lockstep != null ? lockstep.engines() : engines(shard);
                closes = new UnderlyingCloses();
            }
            feed(engines, lockstep, closes, d.day());
        }
        emit(shard, engines, lockstep, closes, out);
        return out.iterator();
    }

    /**
     * The underlying's end-of-day price of each day a shard sees, from the chains its engines are
     * fed (no extra scan): the series of an {@code underlying} benchmark. A day without a usable
     * price (none, zero) is left out, so the last one before it is carried over.
     */
    private static final class UnderlyingCloses {
        private final List<LocalDate> dates = new ArrayList<>();
        private final List<Double> prices = new ArrayList<>();

        void add(DayChain day) {
            double price = day.underlyingPriceEod();
            if (price > 0 && !Double.isInfinite(price)) {
                dates.add(day.date());
                prices.add(price);
            }
        }

        BenchmarkSeries series(String name) {
            return new BenchmarkSeries(name, dates, prices.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private List<StrategyEngine> engines(int shard) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<StrategyEngine> engines = new ArrayList<>();
        for (Simulation sim : shards.get(shard)) {
            StrategyTask task = tasks.get(sim.taskId());
            StrategySpec spec = task.spec();
            engines.add(new StrategyEngine(spec, StrategyLoader.load(task.className(), spec, loader), settlement));
        }
        return engines;
    }

    /**
     * The members of a portfolio's shard in one shared account, or null for a shard of
     * independent simulations. Its rows span the members' underlyings, sorted by date and
     * grouped by underlying within a date ({@link StrategyJob#route}).
     */
    private PortfolioLockstep lockstep(int shard) {
        List<Simulation> sims = shards.get(shard);
        String account = sims.get(0).account();
        if (account == null) {
            return null;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<PortfolioLockstep.Member> members = new ArrayList<>();
        for (Simulation sim : sims) {
            StrategyTask task = tasks.get(sim.taskId());
            if (task.benchmark().isPresent()) { // members have none: their rows alone would not give its series
                throw new IllegalStateException("portfolio member " + task.spec().name() + " has a benchmark");
            }
            StrategySpec spec = task.spec();
            members.add(new PortfolioLockstep.Member(sim.underlying(),
                    new StrategyEngine(spec, StrategyLoader.load(task.className(), spec, loader), settlement)));
        }
        return new PortfolioLockstep(account, members);
    }

    private static void feed(List<StrategyEngine> engines, PortfolioLockstep lockstep, UnderlyingCloses closes,
            DayChain day) {
        if (day == null) {
            return;
        }
        if (lockstep != null) {
            lockstep.accept(day);
            return;
        }
        closes.add(day);
        for (StrategyEngine e : engines) {
            e.onDay(day);
        }
    }

    private void emit(int shard, List<StrategyEngine> engines, PortfolioLockstep lockstep, UnderlyingCloses closes,
            List<Row> out) {
        if (shard < 0) {
            return;
        }
        if (lockstep != null) {
            lockstep.endDate();
        }
        List<Simulation> sims = shards.get(shard);
        BenchmarkSeries underlying = null;
        for (int i = 0; i < engines.size(); i++) {
            Simulation sim = sims.get(i);
            SimulationResult result = engines.get(i).result();
            if (result.daily().isEmpty()) {
                continue; // no day within the spec's dates: reported as without data
            }
            BenchmarkSpec benchmark = tasks.get(sim.taskId()).benchmark().orElse(null);
            BenchmarkSeries series = null;
            if (benchmark != null && benchmark.kind() == BenchmarkSpec.Kind.UNDERLYING) {
                underlying = underlying != null ? underlying : closes.series(benchmark.nameFor(sim.underlying()));
                series = underlying;
            } else if (benchmark != null) {
                series = csvBenchmarks.get(benchmark.csv());
                if (series == null) {
                    throw new IllegalStateException("the series of " + benchmark.where() + " was not read");
                }
            }
            out.add(row(sim, result, bootstrap, series,
                    benchmark == null ? null : benchmark.nameFor(sim.underlying())));
        }
    }

    static Row row(Simulation sim, SimulationResult result) {
        return row(sim, result, StationaryBootstrap.Settings.DEFAULT, null, null);
    }

    /**
     * @param benchmark the simulation's benchmark series, or null
     * @param benchmarkName its name in the tables (two entries may name one file differently)
     */
    static Row row(Simulation sim, SimulationResult result, BenchmarkSeries benchmark, String benchmarkName) {
        return row(sim, result, StationaryBootstrap.Settings.DEFAULT, benchmark, benchmarkName);
    }

    /**
     * @param bootstrap the settings of the simulation's bootstrap intervals
     * @param benchmark the simulation's benchmark series, or null
     * @param benchmarkName its name in the tables (two entries may name one file differently)
     */
    static Row row(Simulation sim, SimulationResult result, StationaryBootstrap.Settings bootstrap, BenchmarkSeries benchmark,
            String benchmarkName) {
        List<Row> trades = new ArrayList<>();
        for (Trade t : result.trades()) {
            List<Row> legs = new ArrayList<>();
            for (TradeLeg leg : t.legs()) {
                boolean option = leg.contract() != null;
                legs.add(RowFactory.create(leg.instrument(),
                        option ? leg.contract().root() : null,
                        option ? leg.contract().expiration() : null,
                        option ? leg.contract().strike() : null,
                        option ? leg.contract().right().code() : null,
                        leg.quantity(), leg.entryPrice(), leg.exitPrice(), leg.grossPnl()));
            }
            trades.add(RowFactory.create(t.positionId(), t.entryDate(), t.exitDate(), t.exitReason().name(),
                    seq(legs), t.entryValue(), t.commissions(), t.pnl()));
        }
        double[] benchmarkEquity = null;
        Row comparison = null;
        if (benchmark != null) {
            double[] aligned = benchmark.alignTo(result.daily().stream().map(DailyRow::date).toList());
            double[] equity = result.daily().stream().mapToDouble(DailyRow::equity).toArray();
            BenchmarkComparison c = BenchmarkComparison.compare(equity, result.initialCapital(), aligned,
                    result.cashRate());
            benchmarkEquity = BenchmarkComparison.scaledEquity(aligned, result.initialCapital());
            comparison = RowFactory.create(benchmarkName, c.benchmarkReturn(), c.excessReturn(), c.beta(),
                    c.alpha(), c.correlation(), c.days());
        }
        List<Row> daily = new ArrayList<>();
        for (int i = 0; i < result.daily().size(); i++) {
            DailyRow d = result.daily().get(i);
            Double b = benchmarkEquity == null || Double.isNaN(benchmarkEquity[i]) ? null : benchmarkEquity[i];
            daily.add(RowFactory.create(d.date(), d.equity(), d.cash(), d.exposure(), d.dailyPnl(), d.drawdown(), b));
        }
        Row metrics = metricsRow(result.summary());
        LocalDate first = result.daily().get(0).date();
        LocalDate last = result.daily().get(result.daily().size() - 1).date();
        return RowFactory.create(sim.taskId(), result.strategy(), sim.underlying(), first, last, seq(trades),
                seq(daily), metrics, seq(result.notes()), result.ruinDate(), result.staleMarkContracts(),
                statisticsRow(SimulationStatistics.of(result, bootstrap)), comparison);
    }

    /** A {@link GoldTables#METRICS} row. */
    static Row metricsRow(SimulationSummary m) {
        return RowFactory.create(m.totalReturn(), m.cagr(), m.volatility(), m.sharpe(), m.sortino(),
                m.maxDrawdown(), m.calmar(), m.winRate(), m.profitFactor(), m.tradeCount(), m.averageTrade(),
                m.averageExposure());
    }

    /** The comparison back from a {@link GoldTables#BENCHMARK} row (its name aside); null for none. */
    static BenchmarkComparison comparison(Row b) {
        return b == null ? null : new BenchmarkComparison(b.getDouble(1), b.getDouble(2), b.getDouble(3),
                b.getDouble(4), b.getDouble(5), b.getInt(6));
    }

    /** Metrics back from a {@link GoldTables#METRICS} row. */
    static SimulationSummary summary(Row m) {
        return new SimulationSummary(m.getDouble(0), m.getDouble(1), m.getDouble(2), m.getDouble(3), m.getDouble(4),
                m.getDouble(5), m.getDouble(6), m.getDouble(7), m.getDouble(8), m.getInt(9), m.getDouble(10),
                m.getDouble(11));
    }

    /** A {@link GoldTables#STATISTICS} row: the intervals null when no draw was made. */
    static Row statisticsRow(SimulationStatistics s) {
        StationaryBootstrap.Result b = s.bootstrap();
        boolean drawn = b.draws() > 0;
        return RowFactory.create(s.psr(), drawn ? b.sharpe().low() : null, drawn ? b.sharpe().high() : null,
                drawn ? b.cagr().low() : null, drawn ? b.cagr().high() : null,
                drawn ? b.maxDrawdown().low() : null, drawn ? b.maxDrawdown().high() : null, b.draws(), b.seed(),
                b.meanBlock());
    }

    /** Statistics back from a {@link GoldTables#STATISTICS} row made with the given settings. */
    static SimulationStatistics statistics(Row r, StationaryBootstrap.Settings settings) {
        return new SimulationStatistics(orNaN(r, 0), new StationaryBootstrap.Result(r.getInt(7), settings.seed(),
                settings.meanBlock(), new StationaryBootstrap.Interval(orNaN(r, 1), orNaN(r, 2)),
                new StationaryBootstrap.Interval(orNaN(r, 3), orNaN(r, 4)),
                new StationaryBootstrap.Interval(orNaN(r, 5), orNaN(r, 6))));
    }

    private static double orNaN(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    private static <T> scala.collection.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toList();
    }
}
