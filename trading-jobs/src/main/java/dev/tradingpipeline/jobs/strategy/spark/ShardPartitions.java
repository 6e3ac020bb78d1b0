package dev.tradingpipeline.jobs.strategy.spark;

import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Partition keys that put shard {@code i} in partition {@code i} of a
 * {@code repartition(n, col(key))}: Spark's hash partitioning sends a row to
 * {@code pmod(murmur3(key, 42), n)}, and {@code hash(shard)} itself collides (16 shards fill 10
 * partitions; two shards share one, so a sweep on one underlying ran on one core). Staying with the
 * Dataset shuffle keeps Spark's binary rows; an RDD partitioner would Java-serialize every row.
 */
final class ShardPartitions {

    /** Spark's seed for {@code Murmur3Hash} in hash partitioning. */
    private static final int SEED = 42;

    private ShardPartitions() {
    }

    /** For each shard 0..n-1, an int whose hash partition among {@code n} is that shard. */
    static int[] keys(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("no shard");
        }
        int[] keys = new int[n];
        boolean[] found = new boolean[n];
        int missing = n;
        for (int k = 0; missing > 0; k++) {
            int p = partition(k, n);
            if (!found[p]) {
                found[p] = true;
                keys[p] = k;
                missing--;
            }
        }
        return keys;
    }

    /** Spark's {@code Pmod(Murmur3Hash(key), n)} for an int key. */
    static int partition(int key, int n) {
        int h = Murmur3_x86_32.hashInt(key, SEED) % n;
        return h < 0 ? h + n : h;
    }
}
