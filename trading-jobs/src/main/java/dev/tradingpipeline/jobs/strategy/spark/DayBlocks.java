package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * A shard's silver rows travel as one compact block per (shard, date, underlying): the rows of
 * the scan ({@link ChainRows#COLUMNS}) are packed where they are read, on every core, into a
 * byte array with the block's strings in a dictionary; the shuffle then carries a few hundred
 * blocks instead of millions of rows, sorts them by a single long key, and the shard's task
 * turns each back into a {@link DayChain} in a tight loop. Shard {@code i} is partition {@code i}
 * ({@link ShardPartitioner}).
 *
 * <p>A key is {@code shard << 32 | (epochDay + 2^23) << 8 | ordinal}, the ordinal numbering the
 * underlyings a shard reads (0 for a shard of one underlying): blocks come in shard, date,
 * underlying order. A day of one underlying may arrive in several blocks (a day's rows in two
 * files, or one file read in two splits); consecutive blocks with one key make one day.
 *
 * <p>The calendar ({@link SilverChainScan#days}) travels the same way, as empty blocks under the
 * same keys: a day the pruned chain has no row for still reaches the shard, as a {@link DayChain}
 * without quotes and without underlying prices (NaN), and a day it has rows for is unchanged
 * (an empty block adds no quote).
 *
 * <p>The conversion keeps {@link ChainRows}' conventions: a null price is NaN, the underlying's
 * price is the mid of its bid and ask when both are positive, else the active price (an index's
 * bid and ask are 0 without a licence), a null DTE is counted from the dates, and the day's
 * underlying prices are those of its first row.
 */
final class DayBlocks {

    private static final int DAY_OFFSET = 1 << 23;
    private static final int MAX_ORDINAL = 0xFF;
    /** The most underlyings one shard (a portfolio's) may read. */
    static final int MAX_UNDERLYINGS = MAX_ORDINAL + 1;

    private static final int UNDERLYING = 0;
    private static final int DATE = 1;
    private static final int ROOT = 2;
    private static final int EXPIRATION = 3;
    private static final int STRIKE = 4;
    private static final int TYPE = 5;
    private static final int BID = 6;
    private static final int ASK = 7;
    private static final int BID_EOD = 8;
    private static final int ASK_EOD = 9;
    private static final int DELTA = 10;
    private static final int IV = 11;
    private static final int ACTIVE = 12;
    private static final int U_BID = 13;
    private static final int U_ASK = 14;
    private static final int U_BID_EOD = 15;
    private static final int U_ASK_EOD = 16;
    private static final int DTE = 17;
    private static final int DELIVERY_CODE = 18;

    private static final int NO_DELTA = 1;
    private static final int NO_IV = 2;
    private static final int NO_DTE = 4;
    private static final int NO_DELIVERY_CODE = 8;
    /** The row's root, expiration, option type, or all five underlying prices, are the previous row's. */
    private static final int SAME_ROOT = 16;
    private static final int SAME_EXPIRATION = 32;
    private static final int SAME_TYPE = 64;
    private static final int SAME_PRICES = 128;

    /**
     * A number written as whole ten-thousandths (an int, 4 bytes) when that gives it back bit for
     * bit, else as a double (8 bytes): a second flag byte per row says which. Quotes, strikes,
     * deltas and volatilities come with at most four decimals (a cent price, a 0.0001 delta), so
     * nearly all take half the room, and the shuffle compresses and moves half the bytes.
     */
    private static final double SCALE = 1e4;
    private static final int S_STRIKE = 0;
    private static final int S_BID = 1;
    private static final int S_DELTA = 5;
    private static final int S_IV = 6;

    private DayBlocks() {
    }

    /** The value as whole ten-thousandths when they give it back bit for bit, else {@code Long.MIN_VALUE}. */
    static long scaled(double v) {
        long s = Math.round(v * SCALE);
        return s >= Integer.MIN_VALUE && s <= Integer.MAX_VALUE
                && Double.doubleToRawLongBits(s / SCALE) == Double.doubleToRawLongBits(v) ? s : Long.MIN_VALUE;
    }

    static long key(int shard, int epochDay, int ordinal) {
        if (ordinal < 0 || ordinal > MAX_ORDINAL) {
            throw new IllegalArgumentException("a shard reads at most " + (MAX_ORDINAL + 1) + " underlyings");
        }
        return ((long) shard << 32) | ((long) (epochDay + DAY_OFFSET) << 8) | ordinal;
    }

    static int shard(long key) {
        return (int) (key >>> 32);
    }

    static int epochDay(long key) {
        return (int) ((key >>> 8) & 0xFFFFFF) - DAY_OFFSET;
    }

    static int ordinal(long key) {
        return (int) (key & MAX_ORDINAL);
    }

    /**
     * Where each underlying's rows go: the key prefix (shard and ordinal, date 0) of every shard
     * that reads it. A shard's underlyings are numbered in name order.
     */
    static Map<String, long[]> destinations(Map<Integer, List<String>> underlyingsByShard) {
        Map<String, List<Long>> prefixes = new TreeMap<>();
        underlyingsByShard.forEach((shard, underlyings) -> {
            List<String> sorted = new ArrayList<>(new TreeSet<>(underlyings));
            for (int i = 0; i < sorted.size(); i++) {
                prefixes.computeIfAbsent(sorted.get(i), u -> new ArrayList<>()).add(key(shard, -DAY_OFFSET, i));
            }
        });
        Map<String, long[]> out = new HashMap<>();
        prefixes.forEach((u, p) -> out.put(u, p.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }

    /** Shard i to partition i; the key's high half is the shard. */
    static final class ShardPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int shards;

        ShardPartitioner(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("no shard");
            }
            this.shards = shards;
        }

        @Override
        public int numPartitions() {
            return shards;
        }

        @Override
        public int getPartition(Object key) {
            return shard((Long) key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShardPartitioner p && p.shards == shards;
        }

        @Override
        public int hashCode() {
            return shards;
        }
    }

    /**
     * Packs a partition of scan rows into blocks, one per run of rows of one underlying and date
     * and per shard reading that underlying (the same bytes under each shard's key). Streams: one
     * block in memory at a time.
     */
    static final class Encode implements PairFlatMapFunction<Iterator<InternalRow>, Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final Map<String, long[]> destinations;
        private final boolean calendar;

        Encode(Map<String, long[]> destinations) {
            this(destinations, false);
        }

        /**
         * @param calendar whether the rows are a calendar ({@code underlying_symbol, quote_date}
         *     only, {@link SilverChainScan#days}): each run then makes an empty block, a day without
         *     quotes unless the chain's blocks of its key bring some
         */
        Encode(Map<String, long[]> destinations, boolean calendar) {
            this.destinations = Map.copyOf(destinations);
            this.calendar = calendar;
        }

        @Override
        public Iterator<Tuple2<Long, byte[]>> call(Iterator<InternalRow> rows) {
            return new Iterator<>() {
                private final ArrayDeque<Tuple2<Long, byte[]>> ready = new ArrayDeque<>();
                private final Writer writer = new Writer();
                private InternalRow pending;

                @Override
                public boolean hasNext() {
                    while (ready.isEmpty() && (pending != null || rows.hasNext())) {
                        fill();
                    }
                    return !ready.isEmpty();
                }

                @Override
                public Tuple2<Long, byte[]> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.poll();
                }

                /** Reads one run of rows of one underlying and date (rows of no shard are skipped). */
                private void fill() {
                    InternalRow first = pending != null ? pending : rows.next();
                    pending = null;
                    UTF8String underlying = first.getUTF8String(UNDERLYING).clone();
                    int date = first.getInt(DATE);
                    long[] to = destinations.get(underlying.toString());
                    boolean write = to != null && !calendar;
                    if (to != null) {
                        writer.start(underlying, date);
                    }
                    if (write) {
                        writer.add(first);
                    }
                    while (rows.hasNext()) {
                        InternalRow r = rows.next();
                        if (r.getInt(DATE) != date || !r.getUTF8String(UNDERLYING).equals(underlying)) {
                            pending = r.copy(); // the scan reuses its row object
                            break;
                        }
                        if (write) {
                            writer.add(r);
                        }
                    }
                    if (to != null) {
                        byte[] block = writer.finish();
                        for (long prefix : to) {
                            ready.add(new Tuple2<>(prefix + ((long) (date + DAY_OFFSET) << 8), block));
                        }
                    }
                }
            };
        }
    }

    /** Writes one block: row count, date, underlying, then the rows, strings as dictionary ids. */
    static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private final Map<UTF8String, Integer> dictionary = new HashMap<>();
        /** The five underlying prices of the row being added (active, bid, ask, bid and ask at the close), and the last written. */
        private final double[] prices = new double[5];
        private final double[] last = new double[5];
        private final java.util.BitSet written = new java.util.BitSet();
        /** The row's strike, four quotes, delta and volatility (NaN: none), and which are written scaled. */
        private final double[] numbers = new double[7];
        private final long[] scaledNumbers = new long[7];
        private int lastRoot;
        private UTF8String lastRootText;
        private int lastExpiration;
        private int lastType;
        private int rows;

        void start(UTF8String underlying, int epochDay) {
            buf.clear();
            dictionary.clear();
            written.clear();
            rows = 0;
            buf.putInt(0).putInt(epochDay);
            bytes(underlying.getBytes());
        }

        void add(InternalRow r) {
            ensure(170);
            UTF8String rootText = r.getUTF8String(ROOT);
            // the root is nearly always the previous row's: compared, not hashed and looked up
            int root = rows > 0 && rootText.equals(lastRootText) ? lastRoot : id(rootText);
            if (root != lastRoot || rows == 0) {
                lastRootText = rootText.clone(); // the scan reuses the row's memory
            }
            int expiration = r.getInt(EXPIRATION);
            int type = id(r.getUTF8String(TYPE));
            for (int i = 0; i < prices.length; i++) {
                prices[i] = number(r, ACTIVE + i);
            }
            boolean samePrices = rows > 0;
            for (int i = 0; i < prices.length && samePrices; i++) {
                samePrices = Double.doubleToRawLongBits(prices[i]) == Double.doubleToRawLongBits(last[i]);
            }
            int flags = (r.isNullAt(DELTA) ? NO_DELTA : 0) | (r.isNullAt(IV) ? NO_IV : 0)
                    | (r.isNullAt(DTE) ? NO_DTE : 0) | (r.isNullAt(DELIVERY_CODE) ? NO_DELIVERY_CODE : 0)
                    | (rows > 0 && root == lastRoot ? SAME_ROOT : 0)
                    | (rows > 0 && expiration == lastExpiration ? SAME_EXPIRATION : 0)
                    | (rows > 0 && type == lastType ? SAME_TYPE : 0) | (samePrices ? SAME_PRICES : 0);
            numbers[S_STRIKE] = number(r, STRIKE);
            numbers[S_BID] = number(r, BID);
            numbers[S_BID + 1] = number(r, ASK);
            numbers[S_BID + 2] = number(r, BID_EOD);
            numbers[S_BID + 3] = number(r, ASK_EOD);
            numbers[S_DELTA] = (flags & NO_DELTA) == 0 ? r.getDouble(DELTA) : Double.NaN;
            numbers[S_IV] = (flags & NO_IV) == 0 ? r.getDouble(IV) : Double.NaN;
            int scaledFlags = 0;
            for (int i = 0; i < numbers.length; i++) {
                scaledNumbers[i] = scaled(numbers[i]);
                scaledFlags |= scaledNumbers[i] != Long.MIN_VALUE ? 1 << i : 0;
            }
            buf.put((byte) flags).put((byte) scaledFlags);
            if ((flags & SAME_ROOT) == 0) {
                string(root, r.getUTF8String(ROOT));
            }
            if ((flags & SAME_EXPIRATION) == 0) {
                buf.putInt(expiration);
            }
            number(S_STRIKE);
            if ((flags & SAME_TYPE) == 0) {
                string(type, r.getUTF8String(TYPE));
            }
            for (int i = S_BID; i < S_BID + 4; i++) {
                number(i);
            }
            if ((flags & NO_DELTA) == 0) {
                number(S_DELTA);
            }
            if ((flags & NO_IV) == 0) {
                number(S_IV);
            }
            if (!samePrices) {
                for (double price : prices) {
                    buf.putDouble(price);
                }
                System.arraycopy(prices, 0, last, 0, prices.length);
            }
            if ((flags & NO_DTE) == 0) {
                buf.putInt(r.getInt(DTE));
            }
            if ((flags & NO_DELIVERY_CODE) == 0) {
                UTF8String code = r.getUTF8String(DELIVERY_CODE);
                string(id(code), code);
            }
            lastRoot = root;
            lastExpiration = expiration;
            lastType = type;
            rows++;
        }

        byte[] finish() {
            buf.putInt(0, rows);
            return Arrays.copyOf(buf.array(), buf.position());
        }

        private static double number(InternalRow r, int i) {
            return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
        }

        /** The row's number i, scaled or not as its flag says. */
        private void number(int i) {
            if (scaledNumbers[i] != Long.MIN_VALUE) {
                buf.putInt((int) scaledNumbers[i]);
            } else {
                buf.putDouble(numbers[i]);
            }
        }

        /**
         * A string's dictionary id, numbered in order of first use. Ids are written in that order
         * too (a row writes its new strings in the order it numbered them), each with its text the
         * first time, so the reader numbers them alike.
         */
        private int id(UTF8String s) {
            Integer id = dictionary.get(s);
            if (id == null) {
                id = dictionary.size();
                dictionary.put(s.clone(), id);
            }
            return id;
        }

        private void string(int id, UTF8String s) {
            buf.putInt(id);
            if (!written.get(id)) {
                written.set(id);
                bytes(s.getBytes());
            }
        }

        private void bytes(byte[] b) {
            ensure(4 + b.length);
            buf.putInt(b.length).put(b);
        }

        private void ensure(int more) {
            if (buf.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }
    }

    /** One day of one underlying for one shard. */
    record ShardDay(int shard, int ordinal, DayChain day) {
    }

    /**
     * The days of blocks in key order: consecutive blocks with one key are one day. The blocks are
     * read on the calling thread (the task's: Spark's shuffle reader is not to be shared), and up to
     * {@link #AHEAD} days are decoded ahead on {@link #DECODERS}, so a shard's engines rarely wait
     * for their next day; days come out in key order all the same. Dates and strings repeat a great
     * deal and are shared, not copied per quote.
     */
    static final class Days implements Iterator<ShardDay> {
        static final int AHEAD = 4;
        /** Daemon threads shared by the tasks of an executor: decoding is plain Java, no task state. */
        private static final ExecutorService DECODERS = Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "day-block-decoder");
                    t.setDaemon(true);
                    return t;
                });

        private final Iterator<Tuple2<Long, byte[]>> blocks;
        private final boolean ahead;
        private final ArrayDeque<Future<ShardDay>> decoding = new ArrayDeque<>();
        private Tuple2<Long, byte[]> pending;

        /** Decodes ahead on the shared decoders. */
        Days(Iterator<Tuple2<Long, byte[]>> blocks) {
            this(blocks, true);
        }

        /** @param ahead whether to decode ahead on other threads, or each day when asked for */
        Days(Iterator<Tuple2<Long, byte[]>> blocks, boolean ahead) {
            this.blocks = blocks;
            this.ahead = ahead;
        }

        @Override
        public boolean hasNext() {
            return !decoding.isEmpty() || pending != null || blocks.hasNext();
        }

        @Override
        public ShardDay next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (!ahead) {
                return nextKey().get();
            }
            while (decoding.size() < AHEAD && (pending != null || blocks.hasNext())) {
                Supplier<ShardDay> day = nextKey();
                decoding.add(DECODERS.submit(day::get));
            }
            try {
                return decoding.poll().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while decoding a day", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** The next key's blocks, read now, as a decoding to run. */
        private Supplier<ShardDay> nextKey() {
            Tuple2<Long, byte[]> first = pending != null ? pending : blocks.next();
            pending = null;
            long key = first._1();
            List<byte[]> parts = new ArrayList<>(1);
            parts.add(first._2());
            while (blocks.hasNext()) {
                Tuple2<Long, byte[]> b = blocks.next();
                if (b._1() != key) {
                    pending = b;
                    break;
                }
                parts.add(b._2());
            }
            return () -> {
                DayChain day = decode(parts);
                day.at1545(); // built once per day and kept: the engines all ask for it
                return new ShardDay(shard(key), ordinal(key), day);
            };
        }

        /** The day of one key's blocks. */
        static DayChain decode(List<byte[]> parts) {
            Map<Integer, LocalDate> dates = new HashMap<>();
            List<OptionQuote> quotes = new ArrayList<>();
            // the quotes as known at 15:45, their end-of-day bids and asks apart (DayChain.fromAt1545)
            double[] bidEods = new double[0];
            double[] askEods = new double[0];
            String underlying = null;
            LocalDate date = null;
            double spot1545 = Double.NaN;
            double spotEod = Double.NaN;
            for (byte[] part : parts) {
                ByteBuffer in = ByteBuffer.wrap(part).order(ByteOrder.LITTLE_ENDIAN);
                int n = in.getInt();
                LocalDate d = date(dates, in.getInt());
                String u = string(in);
                if (date == null) {
                    date = d;
                    underlying = u;
                }
                List<String> strings = new ArrayList<>();
                List<OptionRight> rights = new ArrayList<>();
                quotes = quotes.isEmpty() ? new ArrayList<>(n) : quotes;
                bidEods = java.util.Arrays.copyOf(bidEods, quotes.size() + n);
                askEods = java.util.Arrays.copyOf(askEods, quotes.size() + n);
                String root = null;
                LocalDate expiration = null;
                OptionRight right = null;
                double active = Double.NaN;
                double price1545 = Double.NaN;
                double priceEod = Double.NaN;
                for (int i = 0; i < n; i++) {
                    int flags = in.get() & 0xFF;
                    int scaled = in.get() & 0xFF;
                    if ((flags & SAME_ROOT) == 0) {
                        root = strings.get(id(in, strings));
                    }
                    if ((flags & SAME_EXPIRATION) == 0) {
                        expiration = date(dates, in.getInt());
                    }
                    double strike = number(in, scaled, S_STRIKE);
                    if ((flags & SAME_TYPE) == 0) {
                        right = right(id(in, strings), strings, rights);
                    }
                    double bid = number(in, scaled, S_BID);
                    double ask = number(in, scaled, S_BID + 1);
                    double bidEod = number(in, scaled, S_BID + 2);
                    double askEod = number(in, scaled, S_BID + 3);
                    Double delta = (flags & NO_DELTA) == 0 ? number(in, scaled, S_DELTA) : null;
                    Double iv = (flags & NO_IV) == 0 ? number(in, scaled, S_IV) : null;
                    if ((flags & SAME_PRICES) == 0) {
                        active = in.getDouble();
                        price1545 = ChainRows.underlyingPrice(in.getDouble(), in.getDouble(), active);
                        priceEod = ChainRows.underlyingPrice(in.getDouble(), in.getDouble(), active);
                    }
                    int dte = (flags & NO_DTE) == 0 ? in.getInt() : (int) ChronoUnit.DAYS.between(d, expiration);
                    String deliveryCode = (flags & NO_DELIVERY_CODE) == 0 ? strings.get(id(in, strings)) : null;
                    if (quotes.isEmpty()) {
                        spot1545 = price1545;
                        spotEod = priceEod;
                    }
                    bidEods[quotes.size()] = bidEod;
                    askEods[quotes.size()] = askEod;
                    quotes.add(new OptionQuote(u, d, root, expiration, strike, right, bid, ask, Double.NaN, Double.NaN,
                            delta, iv, price1545, dte, deliveryCode));
                }
            }
            return DayChain.fromAt1545(date, underlying, spot1545, spotEod, quotes, bidEods, askEods);
        }

        /** Number i of a row: whole ten-thousandths when its flag is set, else a double. */
        private static double number(ByteBuffer in, int scaled, int i) {
            return (scaled & (1 << i)) != 0 ? in.getInt() / SCALE : in.getDouble();
        }

        private static LocalDate date(Map<Integer, LocalDate> dates, int epochDay) {
            return dates.computeIfAbsent(epochDay, e -> LocalDate.ofEpochDay(e));
        }

        /** A dictionary string's id, its text read (and kept) the first time it comes. */
        private static int id(ByteBuffer in, List<String> strings) {
            int id = in.getInt();
            if (id == strings.size()) {
                strings.add(string(in));
            }
            return id;
        }

        /** The right a dictionary string names, parsed once per block. */
        private static OptionRight right(int id, List<String> strings, List<OptionRight> rights) {
            while (rights.size() <= id) {
                rights.add(null);
            }
            OptionRight r = rights.get(id);
            if (r == null) {
                r = OptionRight.fromCode(strings.get(id));
                rights.set(id, r);
            }
            return r;
        }

        private static String string(ByteBuffer in) {
            int length = in.getInt();
            String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return s;
        }
    }
}
