package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Silver rows reach the engines as day blocks: every field as {@link ChainRows} defines it, shard
 * i in partition i, days in date order, a day split over several blocks still one day.
 */
class DayBlocksTest {

    private static final LocalDate DAY = LocalDate.of(2024, 1, 2);
    private static final LocalDate EXPIRY = LocalDate.of(2024, 2, 1);

    /** The scan's schema: {@link ChainRows#COLUMNS}, strike as a double. */
    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (String c : ChainRows.COLUMNS) {
            DataType type = switch (c) {
                case "underlying_symbol", "root", "option_type", "delivery_code" -> DataTypes.StringType;
                case "quote_date", "expiration" -> DataTypes.DateType;
                case "dte" -> DataTypes.IntegerType;
                default -> DataTypes.DoubleType;
            };
            fields.add(DataTypes.createStructField(c, type, true));
        }
        return DataTypes.createStructType(fields);
    }

    private static Row row(String underlying, LocalDate date, String root, double strike, String type, Double delta,
            Double iv, double uBid, double uAsk, Integer dte, String deliveryCode) {
        return RowFactory.create(underlying, date, root, EXPIRY, strike, type, 1.0, 1.2, 1.1, 1.3, delta, iv,
                4700.0, uBid, uAsk, uBid + 1, uAsk + 1, dte, deliveryCode);
    }

    private static List<StrategyTask> tasks(int n, String underlying) {
        List<StrategyTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(StrategyTask.of(StrategySpec.builder("s" + i).underlyings(underlying)
                    .legs(Families.of("iron_condor", Map.of())).build()));
        }
        return tasks;
    }

    private static List<DayBlocks.ShardDay> days(List<Tuple2<Long, byte[]>> blocks) {
        List<DayBlocks.ShardDay> out = new ArrayList<>();
        new DayBlocks.Days(blocks.iterator()).forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyFieldComesBackWithTheNullAndPriceConventions() {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = List.of(
                // an equity with a quoted underlying: its price is the mid of bid and ask
                row("AAPL", DAY, "AAPL", 185.0, "P", -0.31, 0.22, 184.9, 185.1, 30, null),
                // no greeks, no DTE (counted from the dates: 2024-01-02 to 2024-02-01 is 30 days),
                // an adjusted root with a delivery code
                row("AAPL", DAY, "AAPL1", 190.0, "C", null, null, 184.9, 185.1, null, "1"),
                // bid and ask of 0 (an index without the licence): the active price, 4700
                row("AAPL", DAY, "AAPL", 195.0, "c", 0.12, 0.2, 0.0, 0.0, 30, "0"),
                // root, expiration and type as the row before (written once), the prices back to
                // the quoted underlying's: a repeat is never carried past a change
                row("AAPL", DAY, "AAPL", 200.0, "c", 0.08, 0.2, 184.9, 185.1, 30, "0"));
        Dataset<Row> chain = spark.createDataFrame(rows, schema());
        var shards = StrategyJob.shards(tasks(1, "AAPL"), 1);

        List<DayBlocks.ShardDay> days = days(StrategyJob.route(chain, shards).collect());

        assertThat(days).hasSize(1);
        DayChain day = days.get(0).day();
        assertThat(days.get(0).shard()).isZero();
        assertThat(day.date()).isEqualTo(DAY);
        assertThat(day.underlying()).isEqualTo("AAPL");
        // the day's underlying prices are its first row's: (184.9 + 185.1) / 2 = 185.0 at 15:45,
        // (185.9 + 186.1) / 2 = 186.0 at the close
        assertThat(day.underlyingPrice1545()).isEqualTo(185.0);
        assertThat(day.underlyingPriceEod()).isEqualTo(186.0);
        Map<Double, OptionQuote> byStrike = new HashMap<>();
        day.quotes().forEach(q -> byStrike.put(q.strike(), q));
        assertThat(byStrike).hasSize(4);

        OptionQuote put = byStrike.get(185.0);
        assertThat(put).isEqualTo(new OptionQuote("AAPL", DAY, "AAPL", EXPIRY, 185.0, OptionRight.PUT, 1.0, 1.2, 1.1,
                1.3, -0.31, 0.22, 185.0, 30, null));
        OptionQuote adjusted = byStrike.get(190.0);
        assertThat(adjusted).isEqualTo(new OptionQuote("AAPL", DAY, "AAPL1", EXPIRY, 190.0, OptionRight.CALL, 1.0,
                1.2, 1.1, 1.3, null, null, 185.0, 30, "1"));
        OptionQuote index = byStrike.get(195.0);
        assertThat(index.underlyingPrice1545()).isEqualTo(4700.0);
        assertThat(index.right()).isEqualTo(OptionRight.CALL);
        assertThat(index.deliveryCode()).isEqualTo("0");
        assertThat(byStrike.get(200.0)).isEqualTo(new OptionQuote("AAPL", DAY, "AAPL", EXPIRY, 200.0, OptionRight.CALL,
                1.0, 1.2, 1.1, 1.3, 0.08, 0.2, 185.0, 30, "0"));
    }

    @Test
    void numbersComeBackBitForBitWhetherOrNotTheyFitTenThousandths() {
        // four decimals or fewer travel as whole ten-thousandths, the rest as doubles: either way
        // (one partition, one block: the quotes come back in the rows' order)
        // the engine gets the very double silver had
        double[] values = {0.05, 12.35, 4712.5, -0.3127, 0.0001, 214748.3647, -214748.3648, // fit
            0.123456, 1.0 / 3, 214748.3648, 1e12, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-5}; // do not
        for (int i = 0; i < 7; i++) {
            assertThat(DayBlocks.scaled(values[i])).as("%s", values[i]).isNotEqualTo(Long.MIN_VALUE);
        }
        for (int i = 7; i < values.length; i++) {
            assertThat(DayBlocks.scaled(values[i])).as("%s", values[i]).isEqualTo(Long.MIN_VALUE);
        }
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (double v : values) {
            rows.add(RowFactory.create("AAPL", DAY, "AAPL", EXPIRY, v, "C", v, v, v, v, v, v, 4700.0, 184.9, 185.1, 185.9,
                    186.1, 30, null));
        }
        var shards = StrategyJob.shards(tasks(1, "AAPL"), 1);

        List<DayBlocks.ShardDay> days = days(StrategyJob.route(spark.createDataFrame(rows, schema()).coalesce(1), shards)
                .collect());

        List<OptionQuote> quotes = days.get(0).day().quotes();
        assertThat(quotes).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            OptionQuote q = quotes.get(i);
            long bits = Double.doubleToRawLongBits(values[i]);
            for (double got : new double[] {q.strike(), q.bid1545(), q.ask1545(), q.bidEod(), q.askEod(), q.delta1545(),
                q.iv1545()}) {
                assertThat(Double.doubleToRawLongBits(got)).as("%s", values[i]).isEqualTo(bits);
            }
        }
    }

    @Test
    void aCentQuoteTakesAboutHalfTheRoomOfAnArbitraryDouble() {
        SparkSession spark = SparkTestSession.get();
        var shards = StrategyJob.shards(tasks(1, "AAPL"), 1);
        long[] sizes = new long[2];
        for (int k = 0; k < 2; k++) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // cents and 4-decimal greeks, or the same numbers a third of a cent off
                double off = k == 0 ? 0 : 1.0 / 300;
                rows.add(RowFactory.create("AAPL", DAY, "AAPL", EXPIRY, 100.0 + i + off, "C", 1.05 + off, 1.10 + off,
                        1.07 + off, 1.12 + off, 0.4321 + off, 0.2345 + off, 4700.0, 184.9, 185.1, 185.9, 186.1, 30,
                        null));
            }
            sizes[k] = StrategyJob.route(spark.createDataFrame(rows, schema()), shards).collect().stream()
                    .mapToLong(b -> b._2().length).sum();
        }
        // a row: 2 flag bytes, then 7 numbers of 4 bytes (28) against 8 bytes (56), the rest alike
        assertThat((double) sizes[0] / sizes[1]).isBetween(0.45, 0.6);
    }

    @Test
    void shardIGetsPartitionIAndItsDaysInDateOrder() {
        // 16 shards of one underlying (a sweep of 16 with a parallelism of 16): Spark's hash
        // partitioning of the shard number once put them in 10 partitions
        var shards = StrategyJob.shards(tasks(16, "^SPX"), 16);
        assertThat(shards).hasSize(16);
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            for (int k = 0; k < 3; k++) {
                rows.add(row("^SPX", DAY.plusDays(d), "SPXW", 4000.0 + k, "P", -0.2, 0.2, 0, 0, 20, null));
            }
            rows.add(row("^VIX", DAY.plusDays(d), "VIX", 20.0, "C", 0.5, 0.9, 0, 0, 20, null)); // no shard reads it
        }
        Collections.shuffle(rows, new Random(7));
        Dataset<Row> chain = spark.createDataFrame(rows, schema()).repartition(3); // a day spread over tasks

        List<String> seen = StrategyJob.route(chain, shards).mapPartitionsWithIndex((p, it) -> {
            List<String> out = new ArrayList<>();
            Iterator<DayBlocks.ShardDay> days = new DayBlocks.Days(it);
            while (days.hasNext()) {
                DayBlocks.ShardDay d = days.next();
                out.add(p + " " + d.shard() + " " + d.day().date() + " " + d.day().underlying() + " "
                        + d.day().quotes().size());
            }
            return out.iterator();
        }, true).collect();

        List<String> expected = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            for (int d = 0; d < 5; d++) {
                // every shard reads its own copy of the day, all three quotes, the blocks of the
                // partitions that held some of them merged into one day
                expected.add(s + " " + s + " " + DAY.plusDays(d) + " ^SPX 3");
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void decodingAheadGivesTheSameDaysInTheSameOrder() {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 12; d++) {
            for (int k = 0; k < 4; k++) {
                rows.add(row("^SPX", DAY.plusDays(d), "SPXW", 4000.0 + k, k % 2 == 0 ? "P" : "C", -0.2 + d, 0.2, 0, 0,
                        20 - d, null));
            }
        }
        Dataset<Row> chain = spark.createDataFrame(rows, schema()).repartition(4);
        List<Tuple2<Long, byte[]>> blocks = StrategyJob.route(chain, StrategyJob.shards(tasks(1, "^SPX"), 1)).collect();

        List<DayBlocks.ShardDay> ahead = days(blocks);
        List<DayBlocks.ShardDay> inline = new ArrayList<>();
        new DayBlocks.Days(blocks.iterator(), false).forEachRemaining(inline::add);
        assertThat(ahead).hasSize(12).hasSameSizeAs(inline);
        for (int i = 0; i < 12; i++) {
            assertThat(ahead.get(i).day().date()).isEqualTo(DAY.plusDays(i)).isEqualTo(inline.get(i).day().date());
            assertThat(ahead.get(i).day().quotes()).hasSize(4)
                    .containsExactlyInAnyOrderElementsOf(inline.get(i).day().quotes());
        }
    }

    @Test
    void aPortfoliosShardGetsEachDateOfAllItsUnderlyingsBeforeTheNext() {
        // shard 0: a simulation on ^SPX alone; shard 1: a portfolio of members on AAPL and ^SPX
        List<StrategyTask> tasks = List.of(task("a", "^SPX"), task("p/b", "AAPL"), task("p/c", "^SPX"));
        var shards = StrategyJob.shards(tasks, 2, List.of(new StrategyJob.SharedAccountTasks("p", List.of(1, 2))));
        assertThat(shards).hasSize(2);
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) { // interleaved: i % 2 the underlying, i % 3 the date
            rows.add(row(i % 2 == 0 ? "^SPX" : "AAPL", DAY.plusDays(i % 3), "R" + i, 100.0 + i, "P", -0.2, 0.2, 0, 0,
                    20, null));
        }
        Dataset<Row> chain = spark.createDataFrame(rows, schema()).repartition(3);

        List<String> seen = StrategyJob.route(chain, shards).mapPartitionsWithIndex((p, it) -> {
            List<String> out = new ArrayList<>();
            new DayBlocks.Days(it).forEachRemaining(d -> out.add(p + " " + d.shard() + " " + d.day().date() + " "
                    + d.day().underlying() + " " + d.day().quotes().size()));
            return out.iterator();
        }, true).collect();

        List<String> expected = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            expected.add("0 0 " + DAY.plusDays(d) + " ^SPX 4"); // the ^SPX rows only
        }
        for (int d = 0; d < 3; d++) { // by date, then the shard's underlyings by name
            expected.add("1 1 " + DAY.plusDays(d) + " AAPL 4");
            expected.add("1 1 " + DAY.plusDays(d) + " ^SPX 4");
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    private static StrategyTask task(String name, String underlying) {
        return StrategyTask.of(StrategySpec.builder(name).underlyings(underlying)
                .legs(Families.of("iron_condor", Map.of())).build());
    }

    @Test
    void keysOrderByShardThenDateThenUnderlying() {
        long a = DayBlocks.key(1, (int) DAY.toEpochDay(), 1);
        long b = DayBlocks.key(1, (int) DAY.plusDays(1).toEpochDay(), 0);
        long c = DayBlocks.key(2, (int) LocalDate.of(1950, 1, 1).toEpochDay(), 0);
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        assertThat(DayBlocks.shard(c)).isEqualTo(2);
        assertThat(DayBlocks.epochDay(c)).isEqualTo(LocalDate.of(1950, 1, 1).toEpochDay());
        assertThat(DayBlocks.ordinal(a)).isEqualTo(1);
        assertThatThrownBy(() -> DayBlocks.key(0, 0, 256)).hasMessageContaining("at most 256 underlyings");

        // a shard reading two underlyings numbers them by name; a shard of one numbers it 0
        Map<String, long[]> to = DayBlocks.destinations(Map.of(0, List.of("^SPX", "AAPL"), 1, List.of("^SPX")));
        assertThat(DayBlocks.ordinal(to.get("AAPL")[0])).isZero();
        assertThat(to.get("^SPX")).hasSize(2);
        assertThat(DayBlocks.ordinal(to.get("^SPX")[0]) + DayBlocks.ordinal(to.get("^SPX")[1])).isEqualTo(1);
    }

    @Test
    void aBadOptionTypeFailsNamingIt() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> chain = spark.createDataFrame(
                List.of(row("AAPL", DAY, "AAPL", 185.0, "X", -0.31, 0.22, 184.9, 185.1, 30, null)), schema());
        var blocks = StrategyJob.route(chain, StrategyJob.shards(tasks(1, "AAPL"), 1)).collect();
        assertThatThrownBy(() -> days(blocks)).hasMessageContaining("option_type must be C or P, got 'X'");
    }
}
