package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.Families;
import dev.tradingpipeline.jobs.strategy.StrategySpec;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** Shard i runs in partition i: no two shards share a core's task. */
class ShardPartitionsTest {

    @Test
    void everyShardCountGetsOneKeyPerPartition() {
        for (int n = 1; n <= 200; n++) {
            int[] keys = ShardPartitions.keys(n);
            int count = n;
            assertThat(IntStream.range(0, n).map(i -> ShardPartitions.partition(keys[i], count)).toArray())
                    .containsExactly(IntStream.range(0, n).toArray());
        }
    }

    @Test
    void sixteenShardsOfOneUnderlyingFillSixteenPartitionsInOrder() {
        // hash(shard) put these 16 shards in 10 partitions; a sweep of 16 simulations on ^SPX
        // with a parallelism of 16 makes 16 shards
        List<StrategyTask> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tasks.add(StrategyTask.of(StrategySpec.builder("s" + i).underlyings("^SPX")
                    .legs(Families.of("iron_condor", Map.of())).build()));
        }
        var shards = StrategyJob.shards(tasks, 16);
        assertThat(shards).hasSize(16);

        SparkSession spark = SparkTestSession.get();
        List<Column> cols = new ArrayList<>();
        for (String c : ChainRows.COLUMNS) {
            cols.add(c.equals("underlying_symbol") ? lit("^SPX").as(c)
                    : c.equals("quote_date") ? date_add(lit(LocalDate.of(2024, 1, 2)), col("id").cast("int")).as(c)
                    : lit(null).cast("string").as(c));
        }
        Dataset<Row> chain = spark.range(0, 5).select(cols.toArray(Column[]::new));

        List<Row> placed = StrategyJob.route(spark, chain, shards)
                .select(col("shard"), spark_partition_id().as("p"), col("quote_date")).collectAsList();
        assertThat(placed).hasSize(16 * 5); // every shard reads its own copy of the 5 days
        Set<Integer> partitions = new HashSet<>();
        for (Row r : placed) {
            assertThat(r.getInt(1)).as("partition of shard %d", r.getInt(0)).isEqualTo(r.getInt(0));
            partitions.add(r.getInt(1));
        }
        assertThat(partitions).hasSize(16);
    }

    @Test
    void aPortfoliosShardGetsItsUnderlyingsRowsByDateThenUnderlying() {
        // shard 0: a simulation on ^SPX alone; shard 1: a portfolio of members on AAPL and ^SPX
        List<StrategyTask> tasks = List.of(task("a", "^SPX"), task("p/b", "AAPL"), task("p/c", "^SPX"));
        var shards = StrategyJob.shards(tasks, 2, List.of(new StrategyJob.SharedAccountTasks("p", List.of(1, 2))));
        assertThat(shards).hasSize(2);

        SparkSession spark = SparkTestSession.get();
        List<Column> cols = new ArrayList<>();
        for (String c : ChainRows.COLUMNS) {
            // 24 rows: id % 2 picks the underlying, id % 3 the date (2024-01-02 + 0, 1 or 2 days), interleaved
            cols.add(c.equals("underlying_symbol") ? functions.when(col("id").mod(2).equalTo(0), lit("^SPX"))
                    .otherwise(lit("AAPL")).as(c)
                    : c.equals("quote_date") ? date_add(lit(LocalDate.of(2024, 1, 2)), col("id").mod(3).cast("int")).as(c)
                    : c.equals("root") ? col("id").cast("string").as(c)
                    : lit(null).cast("string").as(c));
        }
        Dataset<Row> chain = spark.range(0, 24).select(cols.toArray(Column[]::new));

        List<Row> routed = StrategyJob.route(spark, chain, shards)
                .select(col("shard"), col("quote_date"), col("underlying_symbol"), spark_partition_id().as("p"))
                .collectAsList();
        List<String> portfolio = new ArrayList<>();
        for (Row r : routed) {
            assertThat(r.getInt(3)).isEqualTo(r.getInt(0));
            if (r.getInt(0) == 1) {
                portfolio.add(r.get(1) + " " + r.getString(2));
            }
        }
        assertThat(routed.stream().filter(r -> r.getInt(0) == 0)).hasSize(12); // the ^SPX rows only
        // the shard's underlyings in its order (AAPL, then ^SPX), every date's rows of one together
        List<String> expected = new ArrayList<>();
        for (String date : List.of("2024-01-02", "2024-01-03", "2024-01-04")) {
            for (int i = 0; i < 4; i++) {
                expected.add(date + " AAPL");
            }
            for (int i = 0; i < 4; i++) {
                expected.add(date + " ^SPX");
            }
        }
        assertThat(portfolio).containsExactlyElementsOf(expected);
    }

    private static StrategyTask task(String name, String underlying) {
        return StrategyTask.of(StrategySpec.builder(name).underlyings(underlying)
                .legs(Families.of("iron_condor", Map.of())).build());
    }
}
