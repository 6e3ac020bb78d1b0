package dev.tradingpipeline.jobs.strategy.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * A shard's simulations ({@link Simulations}) with their trades and days written into gold data
 * files ({@link GoldFiles.Writer}) by the task that computes them. What reaches the driver is one
 * {@link Written} per shard: each simulation's summary (a few numbers) and the descriptions of the
 * shard's two files, never the rows; the driver commits the files. A run without out-of-sample
 * checks is then one Spark job: the scan, and the shards.
 */
final class ShardFiles implements FlatMapFunction<Iterator<Tuple2<Long, byte[]>>, ShardFiles.Written> {

    private static final long serialVersionUID = 1L;

    /**
     * Where the shards write: the two gold tables as the driver loaded them (serializable copies)
     * and the run id their files are named by.
     */
    record Targets(Table trades, String tradesName, Table daily, String dailyName, String runId)
            implements Serializable {
    }

    /**
     * What one shard made.
     *
     * @param summaries a row per simulation in {@link StrategyJob#summaries}' columns
     * @param trades the shard's trades file, or null when it made no trade
     * @param daily the shard's days file, or null when it ran no simulation
     */
    record Written(List<Row> summaries, DataFile trades, DataFile daily) implements Serializable {
    }

    private final Broadcast<Simulations> simulations;
    private final Broadcast<Targets> targets;

    ShardFiles(Broadcast<Simulations> simulations, Broadcast<Targets> targets) {
        this.simulations = simulations;
        this.targets = targets;
    }

    @Override
    public Iterator<Written> call(Iterator<Tuple2<Long, byte[]>> blocks) {
        Targets t = targets.value();
        List<Row> summaries = new ArrayList<>();
        try (GoldFiles.Writer trades = new GoldFiles.Writer(t.trades(), t.tradesName(), GoldTables.TRADES_SCHEMA,
                t.runId());
                GoldFiles.Writer daily = new GoldFiles.Writer(t.daily(), t.dailyName(), GoldTables.DAILY_SCHEMA,
                        t.runId())) {
            Iterator<Row> results = simulations.value().call(blocks);
            while (results.hasNext()) {
                Row r = results.next();
                summaries.add(summaryRow(r));
                for (Row trade : r.<Row>getList(5)) {
                    trades.add(keyed(t.runId(), r, trade));
                }
                for (Row day : r.<Row>getList(6)) {
                    daily.add(keyed(t.runId(), r, day));
                }
            }
            return List.of(new Written(summaries, trades.finish(), daily.finish())).iterator();
        }
    }

    /**
     * A simulation's row ({@link Simulations#SCHEMA}) without its trades, days and notes: task id,
     * strategy, underlying, data start and end, metrics, note count, ruin date, stale marks,
     * statistics and benchmark, the columns {@link StrategyJob#summaries} reads.
     */
    static Row summaryRow(Row r) {
        return RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(7),
                r.isNullAt(8) ? 0 : r.getList(8).size(), r.get(9), r.get(10), r.get(11), r.get(12));
    }

    /** A gold row: the run id, the simulation's key (task id, strategy, underlying), then the element's fields. */
    private static Row keyed(String runId, Row simulation, Row element) {
        Object[] values = new Object[4 + element.size()];
        values[0] = runId;
        values[1] = simulation.get(0);
        values[2] = simulation.get(1);
        values[3] = simulation.get(2);
        for (int i = 0; i < element.size(); i++) {
            values[4 + i] = element.get(i);
        }
        return RowFactory.create(values);
    }
}
