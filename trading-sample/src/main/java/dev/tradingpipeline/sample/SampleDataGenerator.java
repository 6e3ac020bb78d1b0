package dev.tradingpipeline.sample;

import dev.tradingpipeline.core.cboe.CboeLayout;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes deterministic, realistic-looking Cboe DataShop "Option EOD Summary" files (one per
 * trading day) for tests, demos and load runs. Pure Java: no Spark.
 *
 * <p>Model, per underlying: a geometric Brownian motion spot path from the start date; weekly
 * (Friday) expirations for six weeks plus third-Friday monthlies for a year; a strike grid
 * around spot filled nearest-the-money first until the day's row budget is met exactly;
 * Black-Scholes prices and greeks on a skewed implied-volatility smile; tick-rounded quotes
 * whose spread widens for cheap and long-dated options; sparse trading volume.
 *
 * <p>Determinism: every random draw comes from a {@link SplittableRandom} seeded from
 * {@code (seed, day index, underlying)}, and the spot of day k only depends on the draws of days
 * 0..k, so day k is the same whatever the number of days requested. Transcendental functions use
 * {@link StrictMath} so output is also byte-identical across JVMs and CPU architectures.
 */
public final class SampleDataGenerator {

    /** What one {@link #generate} call did. {@code bytesWritten} counts file sizes on disk. */
    public record GenerationResult(List<Path> written, List<Path> skipped, long rowsWritten, long bytesWritten) {
        public GenerationResult {
            written = List.copyOf(written);
            skipped = List.copyOf(skipped);
        }
    }

    /** Risk-free rate used for pricing. */
    static final double RATE = 0.05;
    /** Share of rows whose vendor calculation "failed": implied volatility and greeks are 0. */
    static final double CALC_FAILURE_RATE = 0.005;
    /** Row-budget weight of an index underlying relative to an equity/ETF one. */
    private static final int INDEX_WEIGHT = 3;
    private static final double MINUTES_PER_YEAR = 365.0 * 24 * 60;
    /** Expirations longer than this use the wider "far" strike increment. */
    private static final long FAR_DTE = 70;
    /** Strike selection and the smile treat anything shorter than a month as a month. */
    private static final double T_FLOOR = 30.0 / 365.0;
    /** Preferred reach of a chain, in standard deviations of log-moneyness (see StrikeCursor). */
    private static final double MAX_MONEYNESS = 5.0;
    /** Finest strike grid used to fit large row budgets: 0.10. */
    private static final long MIN_INCREMENT_MILLI = 100;
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final long SALT_START = 0x5EED0001L;
    private static final long SALT_SPOT = 0x5EED0002L;
    private static final long SALT_DAY = 0x5EED0003L;
    private static final long SALT_CLOSE = 0x5EED0004L;

    private final SampleSpec spec;
    private final List<LocalDate> tradingDays;
    /** Underlyings in output order (sorted by symbol). */
    private final Underlying[] underlyings;
    /** Rows per day for each entry of {@link #underlyings}; sums to rowsPerDay. */
    private final int[] quotas;
    /** Output columns of the variant, in order. */
    private final Field[] fields;
    /** spots[u][k]: 15:45 spot of underlying u on trading day k. */
    private final double[][] spots;

    public SampleDataGenerator(SampleSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.tradingDays = computeTradingDays(spec.startDate(), spec.days());
        this.underlyings = spec.underlyings().stream()
                .sorted()
                .map(Underlying::of)
                .toArray(Underlying[]::new);
        this.quotas = splitRows(spec.rowsPerDay(), underlyings);
        this.fields = spec.variant().columns().stream().map(Field::ofColumn).toArray(Field[]::new);
        this.spots = new double[underlyings.length][];
        for (int u = 0; u < underlyings.length; u++) {
            spots[u] = spotPath(spec.seed(), underlyings[u], spec.days());
        }
    }

    /** The spec's trading days: Monday to Friday from the start date on. */
    public List<LocalDate> tradingDays() {
        return tradingDays;
    }

    /** The vendor-style file name this generator writes for a day, with the compression suffix. */
    public String fileName(LocalDate day) {
        return fileName(spec.variant(), day, spec.compression());
    }

    /**
     * Writes one file per trading day into {@code landingDir} (created if missing). A day whose
     * file already exists in any of the three forms (csv, csv.gz, zip) is skipped, so re-running
     * with more days only adds the new ones. Each file is written under a hidden temporary name and
     * then moved into place, so an interrupted run leaves no partial landing file.
     *
     * @param progress receives one message per file written; may be null
     */
    public GenerationResult generate(Path landingDir, Consumer<String> progress) throws IOException {
        Consumer<String> report = progress == null ? m -> { } : progress;
        Files.createDirectories(landingDir);
        List<Path> written = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (int k = 0; k < tradingDays.size(); k++) {
            LocalDate day = tradingDays.get(k);
            Optional<Path> existing = existingFile(landingDir, day);
            if (existing.isPresent()) {
                skipped.add(existing.get());
                continue;
            }
            String name = fileName(day);
            Path target = landingDir.resolve(name);
            // Hidden and without a landing suffix: readers never pick it up.
            Path temp = landingDir.resolve("." + name + ".part");
            long dayRows;
            try {
                dayRows = writeFile(temp, k, day);
                moveIntoPlace(temp, target);
            } catch (IOException | RuntimeException | Error e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            long size = Files.size(target);
            written.add(target);
            rows += dayRows;
            bytes += size;
            report.accept(String.format(Locale.ROOT, "wrote %s (%,d rows, %.1f MB)", name, dayRows, size / 1e6));
        }
        return new GenerationResult(written, skipped, rows, bytes);
    }

    // ------------------------------------------------------------------------------------------
    // Files

    static String fileName(CboeLayout.Variant variant, LocalDate day, Compression compression) {
        String csv = variant.csvFileName(day);
        return csv.substring(0, csv.length() - ".csv".length()) + compression.suffix();
    }

    private Optional<Path> existingFile(Path dir, LocalDate day) {
        for (Compression c : Compression.values()) {
            Path p = dir.resolve(fileName(spec.variant(), day, c));
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private long writeFile(Path temp, int dayIndex, LocalDate day) throws IOException {
        switch (spec.compression()) {
            case CSV:
                try (OutputStream out = Files.newOutputStream(temp)) {
                    return writeDay(out, dayIndex, day);
                }
            case GZIP:
                // GZIPOutputStream writes mtime 0, so the bytes do not depend on the clock. The
                // fastest deflate level is over twice as fast as the default for ~25 % more bytes.
                try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(temp), 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                }) {
                    return writeDay(gz, dayIndex, day);
                }
            case ZIP:
                try (ZipOutputStream zip = new ZipOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                    zip.setLevel(Deflater.BEST_SPEED);
                    ZipEntry entry = new ZipEntry(spec.variant().csvFileName(day));
                    // A local (zone-free) DOS time derived from the day keeps zips byte-identical
                    // across runs and time zones; no extended-timestamp field is written.
                    entry.setTimeLocal(day.atTime(16, 15));
                    zip.putNextEntry(entry);
                    long n = writeDay(zip, dayIndex, day);
                    zip.closeEntry();
                    return n;
                }
            default:
                throw new IllegalStateException("unknown compression " + spec.compression());
        }
    }

    /** Writes the header and exactly rowsPerDay rows for one day. Does not close {@code out}. */
    private long writeDay(OutputStream out, int dayIndex, LocalDate day) throws IOException {
        FastWriter w = new FastWriter(out);
        w.ascii(spec.variant().header());
        w.newline();
        List<LocalDate> expirations = expirations(day);
        byte[] dayBytes = ascii(day.toString());
        Row row = new Row();
        row.quoteDate = dayBytes;
        long total = 0;
        for (int u = 0; u < underlyings.length; u++) {
            if (quotas[u] > 0) {
                total += writeUnderlyingDay(w, row, underlyings[u], spots[u][dayIndex], dayIndex, day,
                        expirations, quotas[u]);
            }
        }
        w.flush();
        if (total != spec.rowsPerDay()) {
            throw new IllegalStateException("wrote " + total + " rows instead of " + spec.rowsPerDay());
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------
    // Calendar

    static List<LocalDate> computeTradingDays(LocalDate start, int count) {
        List<LocalDate> days = new ArrayList<>(count);
        for (LocalDate d = start; days.size() < count; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d);
            }
        }
        return List.copyOf(days);
    }

    static boolean isThirdFriday(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.FRIDAY && d.getDayOfMonth() >= 15 && d.getDayOfMonth() <= 21;
    }

    /** Fridays within six weeks (same day included) plus third Fridays within a year, ascending. */
    static List<LocalDate> expirations(LocalDate day) {
        List<LocalDate> result = new ArrayList<>();
        LocalDate lastWeekly = day.plusWeeks(6);
        for (LocalDate f = day.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
                !f.isAfter(lastWeekly); f = f.plusWeeks(1)) {
            result.add(f);
        }
        LocalDate lastMonthly = day.plusYears(1);
        for (YearMonth ym = YearMonth.from(day); ; ym = ym.plusMonths(1)) {
            LocalDate third = ym.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
            if (third.isAfter(lastMonthly)) {
                break;
            }
            if (third.isAfter(lastWeekly)) { // earlier ones are already in as weeklies
                result.add(third);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------
    // Underlyings, row budget and spot paths

    /** Static description of an underlying; see {@link #of}. */
    private record Underlying(String symbol, byte[] symbolBytes, boolean index, boolean etf,
            byte[] monthlyRoot, byte[] weeklyRoot, String rootKey, String weeklyRootKey,
            double spot0, double vol, double dividendYield, double liquidity,
            double skew, double curvature, double termSlope, long hash) {

        static Underlying of(String symbol) {
            boolean index = symbol.startsWith("^");
            String root = index ? symbol.substring(1) : symbol;
            // Index weeklies trade under a separate root (SPX monthlies vs SPXW weeklies).
            String weeklyRoot = index ? root + "W" : root;
            long hash = fnv1a(symbol);
            double spot;
            double vol;
            double q;
            double liquidity;
            boolean etf = false;
            switch (symbol) {
                case "^SPX": spot = 4700; vol = 0.15; q = 0.015; liquidity = 4; break;
                case "^NDX": spot = 16800; vol = 0.19; q = 0.008; liquidity = 2; break;
                case "^RUT": spot = 2000; vol = 0.21; q = 0.013; liquidity = 1.5; break;
                case "SPY": spot = 470; vol = 0.16; q = 0.013; liquidity = 4; etf = true; break;
                case "QQQ": spot = 405; vol = 0.20; q = 0.006; liquidity = 3; etf = true; break;
                case "IWM": spot = 200; vol = 0.21; q = 0.013; liquidity = 2.5; etf = true; break;
                case "AAPL": spot = 185; vol = 0.25; q = 0.005; liquidity = 2.5; break;
                case "MSFT": spot = 370; vol = 0.27; q = 0.008; liquidity = 1.5; break;
                case "NVDA": spot = 480; vol = 0.45; q = 0.0003; liquidity = 2.5; break;
                case "AMZN": spot = 150; vol = 0.33; q = 0; liquidity = 2; break;
                case "GOOGL": spot = 140; vol = 0.30; q = 0; liquidity = 1.5; break;
                case "META": spot = 350; vol = 0.38; q = 0; liquidity = 1.5; break;
                case "TSLA": spot = 250; vol = 0.55; q = 0; liquidity = 3; break;
                default: {
                    // Unknown symbol: stable defaults from its hash, spot around 100.
                    double h1 = unit(mix64(hash ^ 0x1L));
                    double h2 = unit(mix64(hash ^ 0x2L));
                    spot = Math.round(100 * StrictMath.exp(0.6 * h1 - 0.3) * 100) / 100.0;
                    vol = index ? 0.15 + 0.05 * h2 : 0.25 + 0.20 * h2;
                    q = index ? 0.015 : 0.005;
                    liquidity = 1;
                }
            }
            double skew = index ? 0.9 : etf ? 0.8 : 0.35;
            double curvature = index || etf ? 0.5 : 0.8;
            double termSlope = index || etf ? 0.15 : 0.0;
            return new Underlying(symbol, ascii(symbol), index, etf, ascii(root), ascii(weeklyRoot),
                    root, weeklyRoot, spot, vol, q, liquidity, skew, curvature, termSlope, hash);
        }

        /** Strike spacing in thousandths, from the price level and days to expiration. */
        long strikeIncrementMilli(double spot, long dte) {
            boolean far = dte > FAR_DTE;
            if (index && spot >= 1000) {
                return far ? 25_000 : 5_000;
            }
            if (etf) {
                return far ? 5_000 : 1_000;
            }
            long near = spot < 25 ? 500 : spot < 50 ? 1_000 : spot < 200 ? 2_500 : 5_000;
            if (!far) {
                return near;
            }
            return near == 500 ? 1_000 : near == 1_000 ? 2_500 : near * 2;
        }

        /** Correlation of the symbol's daily moves with the shared market factor. */
        double marketCorrelation() {
            return index || etf ? 0.97 : 0.6;
        }

        /** Quote tick in 1e-4 units for an option price. */
        long tick4(double price) {
            if (index) {
                return price < 3 ? 500 : 1_000;
            }
            if (etf) {
                return 100;
            }
            return price < 3 ? 100 : 500;
        }
    }

    /**
     * Splits the day's rows by weight (index 3, others 1) with largest remainders. Rows are
     * shared out in call/put pairs so every strike has both; an odd last row goes to the first
     * underlying.
     */
    private static int[] splitRows(int rows, Underlying[] us) {
        long pairs = rows / 2;
        long[] weights = new long[us.length];
        long totalWeight = 0;
        for (int i = 0; i < us.length; i++) {
            weights[i] = us[i].index() ? INDEX_WEIGHT : 1;
            totalWeight += weights[i];
        }
        int[] quotas = new int[us.length];
        long[] remainders = new long[us.length];
        long assigned = 0;
        for (int i = 0; i < us.length; i++) {
            quotas[i] = (int) (pairs * weights[i] / totalWeight);
            remainders[i] = pairs * weights[i] % totalWeight;
            assigned += quotas[i];
        }
        Integer[] order = new Integer[us.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -remainders[i]).thenComparingInt(i -> i));
        for (int j = 0; assigned < pairs; j++, assigned++) {
            quotas[order[j]]++;
        }
        for (int i = 0; i < quotas.length; i++) {
            quotas[i] *= 2;
        }
        quotas[0] += rows % 2;
        return quotas;
    }

    /**
     * GBM spot at 15:45 for trading days 0..days-1. Day 0 is the symbol's reference spot nudged
     * by a seed-dependent shock; day k only uses the draws of days 0..k. Shocks mix a market
     * factor shared by all symbols with the symbol's own noise, so ^SPX and SPY move together.
     */
    private static double[] spotPath(long seed, Underlying u, int days) {
        double[] path = new double[days];
        double dt = 1.0 / 252;
        double drift = (0.07 - 0.5 * u.vol() * u.vol()) * dt;
        double diffusion = u.vol() * Math.sqrt(dt);
        double s = u.spot0() * StrictMath.exp(0.02 * shock(seed, SALT_START, u, 0));
        for (int k = 0; k < days; k++) {
            if (k > 0) {
                s *= StrictMath.exp(drift + diffusion * shock(seed, SALT_SPOT, u, k));
            }
            path[k] = s;
        }
        return path;
    }

    /** A standard normal shock for (salt, day) correlated with the market through u's beta. */
    private static double shock(long seed, long salt, Underlying u, int k) {
        double market = new Rng(mix(seed, salt, 0, k)).gaussian();
        double own = new Rng(mix(seed, salt, u.hash(), k)).gaussian();
        double rho = u.marketCorrelation();
        return rho * market + Math.sqrt(1 - rho * rho) * own;
    }

    // ------------------------------------------------------------------------------------------
    // One underlying on one day

    /** One (root, expiration) chain and the strikes chosen for it. */
    private static final class Chain {
        final String rootKey;
        final byte[] root;
        final LocalDate expiration;
        final byte[] expirationBytes;
        final double t;
        long incMilli;
        long[] strikes = new long[16]; // thousandths
        int count;

        Chain(String rootKey, byte[] root, LocalDate expiration, double t, long incMilli) {
            this.rootKey = rootKey;
            this.root = root;
            this.expiration = expiration;
            this.expirationBytes = ascii(expiration.toString());
            this.t = t;
            this.incMilli = incMilli;
        }

        void add(long strikeMilli) {
            if (count == strikes.length) {
                strikes = Arrays.copyOf(strikes, count * 2);
            }
            strikes[count++] = strikeMilli;
        }
    }

    /**
     * Walks a chain's strike grid outwards from the money, by standardised log-moneyness
     * |ln(K/S)| / (vol * sqrt(max(T, 1 month))), so long-dated chains reach further out.
     */
    private static final class StrikeCursor {
        final Chain chain;
        final int order;
        final double spot;
        final double scale;
        long up;   // next grid index above (or at) the money
        long down; // next grid index below; 0 means exhausted (strikes must be > 0)
        double upDist;
        double downDist;

        StrikeCursor(Chain chain, int order, double spot, double vol) {
            this.chain = chain;
            this.order = order;
            this.spot = spot;
            this.scale = 1.0 / (vol * Math.sqrt(Math.max(chain.t, T_FLOOR)));
            long atm = Math.max(1, Math.round(spot * 1000 / chain.incMilli));
            this.up = atm;
            this.down = atm - 1;
            this.upDist = dist(up);
            this.downDist = down >= 1 ? dist(down) : Double.POSITIVE_INFINITY;
        }

        double dist(long n) {
            return Math.abs(StrictMath.log(n * chain.incMilli / 1000.0 / spot)) * scale;
        }

        double next() {
            return Math.min(upDist, downDist);
        }

        long take() {
            long n;
            if (downDist <= upDist) {
                n = down--;
                downDist = down >= 1 ? dist(down) : Double.POSITIVE_INFINITY;
            } else {
                n = up++;
                upDist = dist(up);
            }
            return n * chain.incMilli;
        }
    }

    /**
     * Picks strikes nearest the money across all chains until {@code rows} rows (C+P pairs). When
     * the budget does not fit within {@link #MAX_MONEYNESS} standard deviations, the strike grid
     * of every chain is made finer first, so large budgets give dense rather than absurdly wide
     * chains; only past the finest grid does selection reach further out.
     */
    private static void selectStrikes(List<Chain> chains, double spot, double vol, int rows) {
        while (2 * capacity(chains, spot, vol) < rows) {
            boolean refined = false;
            for (Chain c : chains) {
                long finer = finerIncrement(c.incMilli);
                refined |= finer != c.incMilli;
                c.incMilli = finer;
            }
            if (!refined) {
                break;
            }
        }
        PriorityQueue<StrikeCursor> queue = new PriorityQueue<>(
                Comparator.comparingDouble(StrikeCursor::next).thenComparingInt(c -> c.order));
        for (int i = 0; i < chains.size(); i++) {
            queue.add(new StrikeCursor(chains.get(i), i, spot, vol));
        }
        for (int left = rows; left > 0; left -= 2) {
            StrikeCursor c = queue.poll();
            c.chain.add(c.take());
            queue.add(c);
        }
        for (Chain chain : chains) {
            Arrays.sort(chain.strikes, 0, chain.count);
        }
    }

    /** Strikes within {@link #MAX_MONEYNESS} of the money, over all chains. */
    private static long capacity(List<Chain> chains, double spot, double vol) {
        long total = 0;
        for (Chain c : chains) {
            double halfWidth = MAX_MONEYNESS * vol * Math.sqrt(Math.max(c.t, T_FLOOR));
            long lo = Math.max(1, (long) Math.ceil(spot * StrictMath.exp(-halfWidth) * 1000 / c.incMilli));
            long hi = (long) Math.floor(spot * StrictMath.exp(halfWidth) * 1000 / c.incMilli);
            total += Math.max(0, hi - lo + 1);
        }
        return total;
    }

    /** Next finer step on the 1 / 2.5 / 5 ladder (thousandths), never below {@link #MIN_INCREMENT_MILLI}. */
    static long finerIncrement(long incMilli) {
        long decade = 1;
        while (decade * 10 <= incMilli) {
            decade *= 10;
        }
        long finer;
        if (incMilli == decade) {
            finer = decade / 2;            // 10 -> 5
        } else if (incMilli == 5 * decade) {
            finer = decade * 5 / 2;        // 5 -> 2.5
        } else if (incMilli * 10 == 25 * decade) {
            finer = decade;                // 2.5 -> 1
        } else {
            finer = incMilli / 2;          // off the ladder
        }
        return finer < MIN_INCREMENT_MILLI ? incMilli : finer;
    }

    private long writeUnderlyingDay(FastWriter w, Row row, Underlying u, double spot, int dayIndex,
            LocalDate day, List<LocalDate> expirations, int quota) throws IOException {
        Rng rng = new Rng(mix(spec.seed(), SALT_DAY, u.hash(), dayIndex));
        // Day-level volatility regime and the 15:45 -> close move of the underlying.
        double volLevel = u.vol() * StrictMath.exp(0.08 * rng.gaussian() - 0.0032);
        double spotEod = spot * StrictMath.exp(0.0015 * shock(spec.seed(), SALT_CLOSE, u, dayIndex));

        List<Chain> chains = new ArrayList<>(expirations.size());
        for (LocalDate e : expirations) {
            boolean weekly = !isThirdFriday(e);
            long dte = ChronoUnit.DAYS.between(day, e);
            // From 15:45 on the quote date to 16:00 on the expiration date.
            double t = (dte * 1440 + 15) / MINUTES_PER_YEAR;
            chains.add(new Chain(weekly ? u.weeklyRootKey() : u.rootKey(),
                    weekly ? u.weeklyRoot() : u.monthlyRoot(), e, t, u.strikeIncrementMilli(spot, dte)));
        }
        chains.sort(Comparator.comparing((Chain c) -> c.rootKey).thenComparing(c -> c.expiration));
        selectStrikes(chains, spot, volLevel, quota);

        row.symbol = u.symbolBytes();
        if (u.index()) { // no index licence: the vendor leaves the index bid/ask at 0
            row.uBid = row.uAsk = row.uBidEod = row.uAskEod = 0;
            row.activeUnderlying = spot;
        } else {
            long cents = Math.round(spot * 100);
            long centsEod = Math.round(spotEod * 100);
            row.uBid = (cents - 1) * 100;
            row.uAsk = (cents + 1) * 100;
            row.uBidEod = (centsEod - 1) * 100;
            row.uAskEod = (centsEod + 1) * 100;
            row.activeUnderlying = cents / 100.0;
        }

        Pricer p = new Pricer();
        double q = u.dividendYield();
        double dS = spotEod - spot;
        int left = quota;
        for (Chain c : chains) {
            if (c.count == 0) {
                continue;
            }
            double t = c.t;
            double sqrtT = Math.sqrt(t);
            double dfR = StrictMath.exp(-RATE * t);
            double dfQ = StrictMath.exp(-q * t);
            double forward = spot * StrictMath.exp((RATE - q) * t);
            double atmVol = volLevel * (1 + u.termSlope() * (Math.sqrt(Math.min(t, 2.0)) - 0.3));
            double smileScale = 1 / Math.sqrt(Math.max(t, 1.0 / 52));
            double activityScale = 1 / (atmVol * Math.sqrt(Math.max(t, 1.0 / 52)));
            boolean nearTerm = t < 0.2;
            row.root = c.root;
            row.expiration = c.expirationBytes;
            // Put-call parity implied price of the underlying, a hair off spot per expiration.
            row.impliedUnderlying = spot * (1 + 0.0002 * rng.gaussian());
            for (int i = 0; i < c.count && left > 0; i++) {
                long strikeMilli = c.strikes[i];
                double strike = strikeMilli / 1000.0;
                double logMoneyness = StrictMath.log(strike / forward);
                double x = logMoneyness * smileScale;
                double smile = Math.max(0.5, Math.min(4.0, 1 - u.skew() * x + u.curvature() * x * x));
                p.price(spot, strike, t, sqrtT, dfR, dfQ, forward, logMoneyness, atmVol * smile, q);
                double z = logMoneyness * activityScale;
                double activity = StrictMath.exp(-0.5 * z * z);
                row.strikeMilli = strikeMilli;
                for (int type = 0; type < 2 && left > 0; type++, left--) {
                    boolean call = type == 0;
                    fillRow(row, u, rng, p, call, t, nearTerm, activity, z, dS);
                    writeRow(w, row);
                }
            }
        }
        return quota - left;
    }

    /** Fills the per-contract columns of {@code row} for a call or a put. */
    private static void fillRow(Row row, Underlying u, Rng rng, Pricer p, boolean call, double t,
            boolean nearTerm, double activity, double z, double dS) {
        row.type = call ? (byte) 'C' : (byte) 'P';
        double price = call ? p.call : p.put;
        double delta = call ? p.deltaCall : p.deltaPut;

        if (rng.uniform() < CALC_FAILURE_RATE) {
            row.iv = row.delta = row.gamma = row.theta = row.vega = row.rho = 0;
        } else {
            row.iv = p.iv;
            row.delta = delta;
            row.gamma = p.gamma;
            row.theta = call ? p.thetaCall : p.thetaPut;
            row.vega = p.vega;
            row.rho = call ? p.rhoCall : p.rhoPut;
        }

        double maxSize = 200 * u.liquidity();
        quote(u, price, t, rng, row, false);
        row.bidSize = row.bid == 0 ? 0 : 1 + (long) (cube(rng.uniform()) * maxSize);
        row.askSize = 1 + (long) (cube(rng.uniform()) * maxSize);

        // EOD: reprice for the 15:45 -> close move of the underlying with delta and gamma.
        double priceEod = Math.max(0, price + delta * dS + 0.5 * p.gamma * dS * dS);
        quote(u, priceEod, t, rng, row, true);
        row.bidSizeEod = row.bidEod == 0 ? 0 : 1 + (long) (cube(rng.uniform()) * maxSize);
        row.askSizeEod = 1 + (long) (cube(rng.uniform()) * maxSize);

        // Trading: likely near the money and near term, rare in the wings.
        double tradeProbability = 0.03 + 0.85 * activity * (nearTerm ? 1 : 0.5);
        if (rng.uniform() < tradeProbability) {
            row.volume = Math.max(1, Math.round(
                    StrictMath.exp(StrictMath.log(1 + 300 * u.liquidity() * activity) + rng.gaussian())));
            double open = price * StrictMath.exp(0.12 * rng.gaussian());
            double close = priceEod * StrictMath.exp(0.03 * rng.gaussian());
            long minTick = u.tick4(0);
            long open4 = Math.max(minTick, roundToTick(open, u.tick4(open)));
            long close4 = Math.max(minTick, roundToTick(close, u.tick4(close)));
            if (row.volume == 1) {
                row.open = row.high = row.low = row.close = open4;
                row.vwap = open4 / 1e4;
            } else {
                double high = Math.max(open, close) * (1 + 0.1 * rng.uniform());
                double low = Math.min(open, close) * (1 - 0.1 * rng.uniform());
                long tickHigh = u.tick4(high);
                long tickLow = u.tick4(low);
                long high4 = Math.max((long) Math.ceil(high * 1e4 / tickHigh) * tickHigh, Math.max(open4, close4));
                long low4 = Math.min(Math.max(minTick, (long) Math.floor(low * 1e4 / tickLow) * tickLow),
                        Math.min(open4, close4));
                row.open = open4;
                row.close = close4;
                row.high = high4;
                row.low = low4;
                row.vwap = (low4 + (high4 - low4) * rng.uniform()) / 1e4;
            }
        } else {
            row.volume = 0;
            row.open = row.high = row.low = row.close = 0;
            row.vwap = 0;
        }

        // Open interest spreads wider than daily volume.
        double oiMean = 2000 * u.liquidity() * StrictMath.exp(-0.125 * z * z);
        row.openInterest = (long) (oiMean * StrictMath.exp(0.8 * rng.gaussian() - 0.32));
    }

    /** Bid/ask in 1e-4 units around {@code price}: tick-rounded, ask > bid >= 0. */
    private static void quote(Underlying u, double price, double t, Rng rng, Row row, boolean eod) {
        long tick = u.tick4(price);
        double tickD = tick / 1e4;
        long bid;
        long ask;
        if (price < tickD / 2) {
            // Worthless: no bid, a token offer.
            bid = 0;
            ask = tick * (1 + (long) (rng.uniform() * 3));
        } else {
            // Relative width grows with maturity, capped in dollars for deep in-the-money options;
            // the tick floor makes cheap options relatively wide.
            double relative = (u.index() || u.etf() ? 0.01 : 0.025) * (1 + Math.min(t, 1.5));
            double capDollars = u.index() ? 8.0 : 1.5;
            double width = tickD * (1 + rng.uniform()) + Math.min(price * relative, capDollars) * (0.75 + 0.5 * rng.uniform());
            bid = Math.max(0, (long) Math.floor((price - width / 2) / tickD) * tick);
            ask = (long) Math.ceil((price + width / 2) / tickD) * tick;
            if (ask <= bid) {
                ask = bid + tick;
            }
        }
        if (eod) {
            row.bidEod = bid;
            row.askEod = ask;
        } else {
            row.bid = bid;
            row.ask = ask;
        }
    }

    private static long roundToTick(double price, long tick4) {
        return Math.round(price * 1e4 / tick4) * tick4;
    }

    private static double cube(double x) {
        return x * x * x;
    }

    /** Black-Scholes-Merton prices and greeks for one strike (call and put share d1/d2). */
    private static final class Pricer {
        double iv;
        double call;
        double put;
        double deltaCall;
        double deltaPut;
        double gamma;
        double thetaCall;
        double thetaPut;
        double vega;
        double rhoCall;
        double rhoPut;

        /**
         * Theta is per calendar day, vega per volatility point (0.01), rho per rate point (1 %).
         */
        void price(double spot, double strike, double t, double sqrtT, double dfR, double dfQ,
                double forward, double logMoneyness, double vol, double q) {
            double sd = vol * sqrtT;
            double d1 = (-logMoneyness + 0.5 * sd * sd) / sd;
            double d2 = d1 - sd;
            double e1 = StrictMath.exp(-0.5 * d1 * d1);
            double e2 = StrictMath.exp(-0.5 * d2 * d2);
            double tail1 = normalTail(Math.abs(d1), e1);
            double tail2 = normalTail(Math.abs(d2), e2);
            double nd1 = d1 > 0 ? 1 - tail1 : tail1;   // N(d1)
            double nmd1 = d1 > 0 ? tail1 : 1 - tail1;  // N(-d1)
            double nd2 = d2 > 0 ? 1 - tail2 : tail2;
            double nmd2 = d2 > 0 ? tail2 : 1 - tail2;
            double pdf1 = e1 * INV_SQRT_2PI;
            double sq = spot * dfQ;
            double kr = strike * dfR;
            iv = vol;
            call = Math.max(0, sq * nd1 - kr * nd2);
            put = Math.max(0, kr * nmd2 - sq * nmd1);
            deltaCall = dfQ * nd1;
            deltaPut = -dfQ * nmd1;
            gamma = dfQ * pdf1 / (spot * sd);
            vega = sq * pdf1 * sqrtT / 100;
            double decay = -sq * pdf1 * vol / (2 * sqrtT);
            thetaCall = (decay - RATE * kr * nd2 + q * sq * nd1) / 365;
            thetaPut = (decay + RATE * kr * nmd2 - q * sq * nmd1) / 365;
            rhoCall = kr * t * nd2 / 100;
            rhoPut = -kr * t * nmd2 / 100;
        }
    }

    /**
     * Upper tail P(Z > x) of the standard normal for x >= 0, given exp(-x^2/2): Hart's (1968)
     * double-precision rational approximation as published by West (2005).
     */
    static double normalTail(double x, double expHalfSq) {
        if (x > 37) {
            return 0;
        }
        if (x < 7.07106781186547) {
            double n = 3.52624965998911E-02 * x + 0.700383064443688;
            n = n * x + 6.37396220353165;
            n = n * x + 33.912866078383;
            n = n * x + 112.079291497871;
            n = n * x + 221.213596169931;
            n = n * x + 220.206867912376;
            double d = 8.83883476483184E-02 * x + 1.75566716318264;
            d = d * x + 16.064177579207;
            d = d * x + 86.7807322029461;
            d = d * x + 296.564248779674;
            d = d * x + 637.333633378831;
            d = d * x + 793.826512519948;
            d = d * x + 440.413735824752;
            return expHalfSq * n / d;
        }
        double b = x + 0.65;
        b = x + 4 / b;
        b = x + 3 / b;
        b = x + 2 / b;
        b = x + 1 / b;
        return expHalfSq / b / 2.506628274631;
    }

    // ------------------------------------------------------------------------------------------
    // Output

    /** The output columns, mapped from {@link CboeLayout} column names. */
    private enum Field {
        UNDERLYING_SYMBOL, QUOTE_DATE, ROOT, EXPIRATION, STRIKE, OPTION_TYPE,
        OPEN, HIGH, LOW, CLOSE, TRADE_VOLUME,
        BID_SIZE_1545, BID_1545, ASK_SIZE_1545, ASK_1545, UNDERLYING_BID_1545, UNDERLYING_ASK_1545,
        IMPLIED_UNDERLYING_PRICE_1545, ACTIVE_UNDERLYING_PRICE_1545, IMPLIED_VOLATILITY_1545,
        DELTA_1545, GAMMA_1545, THETA_1545, VEGA_1545, RHO_1545,
        BID_SIZE_EOD, BID_EOD, ASK_SIZE_EOD, ASK_EOD, UNDERLYING_BID_EOD, UNDERLYING_ASK_EOD,
        VWAP, OPEN_INTEREST, DELIVERY_CODE;

        static Field ofColumn(String column) {
            try {
                return valueOf(column.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("generator does not know column " + column, e);
            }
        }
    }

    /** Mutable values of the row being written; prices in 1e-4 units where declared long. */
    private static final class Row {
        byte[] symbol;
        byte[] quoteDate;
        byte[] root;
        byte[] expiration;
        long strikeMilli;
        byte type;
        long open;
        long high;
        long low;
        long close;
        long volume;
        long bidSize;
        long bid;
        long askSize;
        long ask;
        long uBid;
        long uAsk;
        double impliedUnderlying;
        double activeUnderlying;
        double iv;
        double delta;
        double gamma;
        double theta;
        double vega;
        double rho;
        long bidSizeEod;
        long bidEod;
        long askSizeEod;
        long askEod;
        long uBidEod;
        long uAskEod;
        double vwap;
        long openInterest;
    }

    private void writeRow(FastWriter w, Row r) throws IOException {
        w.reserve(1024);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.comma();
            }
            switch (fields[i]) {
                case UNDERLYING_SYMBOL: w.bytes(r.symbol); break;
                case QUOTE_DATE: w.bytes(r.quoteDate); break;
                case ROOT: w.bytes(r.root); break;
                case EXPIRATION: w.bytes(r.expiration); break;
                case STRIKE: w.scaled(r.strikeMilli, 3); break;
                case OPTION_TYPE: w.put(r.type); break;
                case OPEN: w.scaled(r.open, 4); break;
                case HIGH: w.scaled(r.high, 4); break;
                case LOW: w.scaled(r.low, 4); break;
                case CLOSE: w.scaled(r.close, 4); break;
                case TRADE_VOLUME: w.integer(r.volume); break;
                case BID_SIZE_1545: w.integer(r.bidSize); break;
                case BID_1545: w.scaled(r.bid, 4); break;
                case ASK_SIZE_1545: w.integer(r.askSize); break;
                case ASK_1545: w.scaled(r.ask, 4); break;
                case UNDERLYING_BID_1545: w.scaled(r.uBid, 4); break;
                case UNDERLYING_ASK_1545: w.scaled(r.uAsk, 4); break;
                case IMPLIED_UNDERLYING_PRICE_1545: w.fixed4(r.impliedUnderlying); break;
                case ACTIVE_UNDERLYING_PRICE_1545: w.fixed4(r.activeUnderlying); break;
                case IMPLIED_VOLATILITY_1545: w.fixed4(r.iv); break;
                case DELTA_1545: w.fixed4(r.delta); break;
                case GAMMA_1545: w.fixed4(r.gamma); break;
                case THETA_1545: w.fixed4(r.theta); break;
                case VEGA_1545: w.fixed4(r.vega); break;
                case RHO_1545: w.fixed4(r.rho); break;
                case BID_SIZE_EOD: w.integer(r.bidSizeEod); break;
                case BID_EOD: w.scaled(r.bidEod, 4); break;
                case ASK_SIZE_EOD: w.integer(r.askSizeEod); break;
                case ASK_EOD: w.scaled(r.askEod, 4); break;
                case UNDERLYING_BID_EOD: w.scaled(r.uBidEod, 4); break;
                case UNDERLYING_ASK_EOD: w.scaled(r.uAskEod, 4); break;
                case VWAP: w.fixed4(r.vwap); break;
                case OPEN_INTEREST: w.integer(r.openInterest); break;
                case DELIVERY_CODE: break; // empty, hence the trailing comma
                default: throw new IllegalStateException("unhandled " + fields[i]);
            }
        }
        w.newline();
    }

    /**
     * ASCII writer with fixed-point number formatting: no String.format, no boxing, no per-field
     * allocation. Callers {@link #reserve} room before a row; field writes do not bounds-check.
     */
    static final class FastWriter {
        private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private final byte[] digits = new byte[20];
        private int pos;

        FastWriter(OutputStream out) {
            this.out = out;
        }

        void reserve(int n) throws IOException {
            if (pos + n > buf.length) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }

        void flush() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
            out.flush();
        }

        void ascii(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            for (int off = 0; off < b.length; off += 4096) {
                int n = Math.min(4096, b.length - off);
                reserve(n);
                System.arraycopy(b, off, buf, pos, n);
                pos += n;
            }
        }

        void bytes(byte[] b) {
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void put(byte b) {
            buf[pos++] = b;
        }

        void comma() {
            buf[pos++] = ',';
        }

        void newline() throws IOException {
            reserve(1);
            buf[pos++] = '\n';
        }

        void integer(long v) {
            if (v < 0) {
                buf[pos++] = '-';
                v = -v;
            }
            unsigned(v);
        }

        /** Writes {@code value / 10^decimals} with exactly {@code decimals} fraction digits. */
        void scaled(long value, int decimals) {
            long v = value;
            if (v < 0) {
                buf[pos++] = '-';
                v = -v;
            }
            long pow = POW10[decimals];
            unsigned(v / pow);
            long frac = v % pow;
            buf[pos++] = '.';
            for (int i = decimals - 1; i >= 0; i--) {
                buf[pos + i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            pos += decimals;
        }

        /** Four decimals, half-up; never prints "-0.0000". Non-finite values print as 0. */
        void fixed4(double v) {
            scaled(Double.isFinite(v) ? Math.round(v * 1e4) : 0, 4);
        }

        private void unsigned(long v) {
            if (v == 0) {
                buf[pos++] = '0';
                return;
            }
            int n = 0;
            while (v > 0) {
                digits[n++] = (byte) ('0' + v % 10);
                v /= 10;
            }
            while (n > 0) {
                buf[pos++] = digits[--n];
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Randomness

    /** Uniforms from SplittableRandom (SplitMix64) plus polar-method gaussians via StrictMath. */
    private static final class Rng {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        Rng(long seed) {
            this.random = new SplittableRandom(seed);
        }

        double uniform() {
            return random.nextDouble();
        }

        double gaussian() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            spare = v * m;
            hasSpare = true;
            return u * m;
        }
    }

    /** Combines seed parts into one well-mixed seed. */
    static long mix(long seed, long salt, long a, long b) {
        long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
        h = mix64(h ^ salt);
        h = mix64(h ^ a);
        return mix64(h + b);
    }

    /** SplitMix64 finaliser (Stafford variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** 64-bit FNV-1a over the symbol's UTF-8 bytes: stable across JVMs, unlike identity hashes. */
    static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------------------------------
    // Command line

    private static final String USAGE = String.join("\n",
            "usage: SampleDataGenerator --out <dir> [--start yyyy-MM-dd] [--days N] [--rows-per-day M]",
            "         [--seed S] [--compression csv|gzip|zip] [--variant calcs|quotes]",
            "         [--underlyings ^SPX,SPY,...]",
            "defaults: --start 2024-01-02 --days 20 --rows-per-day 20000 --seed 42 --compression csv",
            "          --variant calcs --underlyings ^SPX,SPY,AAPL,MSFT,NVDA");

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The CLI without {@code System.exit}: 0 on success, 2 for bad arguments (message on
     * {@code err}), 1 when writing fails.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        SampleSpec spec;
        Path dir;
        try {
            SampleSpec d = SampleSpec.defaults();
            Path outDir = null;
            LocalDate start = d.startDate();
            int days = d.days();
            int rows = d.rowsPerDay();
            long seed = d.seed();
            Compression compression = d.compression();
            CboeLayout.Variant variant = d.variant();
            List<String> underlyings = d.underlyings();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                String name = arg;
                String value;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    value = null;
                }
                if (!arg.startsWith("--") || !isOption(name)) {
                    throw new IllegalArgumentException("unknown argument: " + arg);
                }
                if (value == null) {
                    throw new IllegalArgumentException(name + ": missing value");
                }
                switch (name) {
                    case "--out": outDir = parsePath(name, value); break;
                    case "--start": start = parseDate(name, value); break;
                    case "--days": days = parseInt(name, value); break;
                    case "--rows-per-day": rows = parseInt(name, value); break;
                    case "--seed": seed = parseLong(name, value); break;
                    case "--compression": compression = parseWith(name, value, Compression::parse); break;
                    case "--variant": variant = parseWith(name, value, SampleDataGenerator::parseVariant); break;
                    case "--underlyings": underlyings = parseUnderlyings(value); break;
                    default: throw new IllegalStateException(name);
                }
            }
            if (outDir == null) {
                throw new IllegalArgumentException("--out: required");
            }
            dir = outDir;
            spec = new SampleSpec(start, days, rows, seed, compression, variant, underlyings);
        } catch (IllegalArgumentException e) {
            err.println("error: " + cliMessage(e.getMessage()));
            err.println(USAGE);
            return 2;
        }

        long started = System.nanoTime();
        try {
            GenerationResult result = new SampleDataGenerator(spec).generate(dir, out::println);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!result.skipped().isEmpty()) {
                out.println("skipped " + result.skipped().size() + " existing files");
            }
            out.println(String.format(Locale.ROOT, "generated %d files, %,d rows, %.1f MB in %.1fs",
                    result.written().size(), result.rowsWritten(), result.bytesWritten() / 1e6, seconds));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: generation failed: " + e);
            return 1;
        }
    }

    private static boolean isOption(String name) {
        switch (name) {
            case "--out": case "--start": case "--days": case "--rows-per-day": case "--seed":
            case "--compression": case "--variant": case "--underlyings":
                return true;
            default:
                return false;
        }
    }

    /** Maps spec field names in validation messages to the CLI flag names. */
    private static String cliMessage(String message) {
        if (message == null) {
            return "invalid arguments";
        }
        if (message.startsWith("rowsPerDay")) {
            return "--rows-per-day: " + message;
        }
        if (message.startsWith("days")) {
            return "--days: " + message;
        }
        if (message.startsWith("underlyings")) {
            return "--underlyings: " + message;
        }
        return message;
    }

    private static Path parsePath(String name, String value) {
        try {
            return Paths.get(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(name + ": invalid path '" + value + "'");
        }
    }

    private static LocalDate parseDate(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": not a yyyy-MM-dd date: '" + value + "'");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not an integer: '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not an integer: '" + value + "'");
        }
    }

    private static <T> T parseWith(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static CboeLayout.Variant parseVariant(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "calcs": return CboeLayout.Variant.CALCS;
            case "quotes": return CboeLayout.Variant.QUOTES;
            default: throw new IllegalArgumentException("variant must be calcs or quotes, got '" + value + "'");
        }
    }

    private static List<String> parseUnderlyings(String value) {
        List<String> symbols = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                symbols.add(s.trim());
            }
        }
        return symbols;
    }
}
