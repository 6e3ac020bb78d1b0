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
}
