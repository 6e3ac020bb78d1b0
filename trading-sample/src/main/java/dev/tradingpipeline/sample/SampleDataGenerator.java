package dev.tradingpipeline.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.tradingpipeline.sample.CsvWriter.asciiBytes;

/**
 * Writes deterministic, realistic-looking Cboe DataShop "Option EOD Summary" files (one per
 * trading day) for tests, demos and load runs. Pure Java: no Spark.
 *
 * <p>Model, per underlying ({@link Underlying}): a geometric Brownian motion spot path from the
 * start date ({@link PricePaths}); weekly (Friday) expirations for six weeks plus third-Friday
 * monthlies for a year ({@link TradingCalendar}); a strike grid around spot filled
 * nearest-the-money first until the day's row budget is met exactly ({@link RowBudget},
 * {@link OptionChain}, {@link StrikeSelection}); Black-Scholes prices and greeks on a skewed
 * implied-volatility smile ({@link BlackScholes}); tick-rounded quotes whose spread widens for
 * cheap and long-dated options, and sparse trading volume ({@link MarketQuotes}). The rows are
 * formatted by {@link RowFormat} and stored by {@link LandingFileWriter}.
 *
 * <p>Determinism: every random draw comes from a {@link Rng} seeded from
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

    private static final long SALT_DAY = 0x5EED0003L;

    private final SampleSpec spec;
    private final List<LocalDate> tradingDays;
    /** Underlyings in output order (sorted by symbol). */
    private final Underlying[] underlyings;
    /** Rows per day for each entry of {@link #underlyings}; sums to rowsPerDay. */
    private final int[] quotas;
    private final RowFormat format;
    private final LandingFileWriter files;
    /** spots[u][k]: 15:45 spot of underlying u on trading day k. */
    private final double[][] spots;

    public SampleDataGenerator(SampleSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.tradingDays = TradingCalendar.tradingDays(spec.startDate(), spec.days());
        this.underlyings = spec.underlyings().stream()
                .sorted()
                .map(Underlying::of)
                .toArray(Underlying[]::new);
        this.quotas = RowBudget.split(spec.rowsPerDay(), underlyings);
        this.format = new RowFormat(spec.variant());
        this.files = new LandingFileWriter(spec.variant(), spec.compression());
        this.spots = new double[underlyings.length][];
        for (int u = 0; u < underlyings.length; u++) {
            spots[u] = PricePaths.spotPath(spec.seed(), underlyings[u], spec.days());
        }
    }

    /** The spec's trading days: Monday to Friday from the start date on. */
    public List<LocalDate> tradingDays() {
        return tradingDays;
    }

    /** The vendor-style file name this generator writes for a day, with the compression suffix. */
    public String fileName(LocalDate day) {
        return files.fileName(day);
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
            Optional<Path> existing = files.existing(landingDir, day);
            if (existing.isPresent()) {
                skipped.add(existing.get());
                continue;
            }
            String name = fileName(day);
            Path target = landingDir.resolve(name);
            int dayIndex = k;
            long dayRows = files.write(target, day, out -> writeDay(out, dayIndex, day));
            long size = Files.size(target);
            written.add(target);
            rows += dayRows;
            bytes += size;
            report.accept(String.format(Locale.ROOT, "wrote %s (%,d rows, %.1f MB)", name, dayRows, size / 1e6));
        }
        return new GenerationResult(written, skipped, rows, bytes);
    }

    /** Writes the header and exactly rowsPerDay rows for one day. Does not close {@code out}. */
    private long writeDay(OutputStream out, int dayIndex, LocalDate day) throws IOException {
        CsvWriter w = new CsvWriter(out);
        format.writeHeader(w);
        List<LocalDate> expirations = TradingCalendar.expirations(day);
        OptionRow row = new OptionRow();
        row.quoteDate = asciiBytes(day.toString());
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

    /**
     * One underlying on one day: its chains filled with {@code quota} rows' worth of strikes, each
     * strike priced on the day's smile, a call and a put row per strike.
     */
    private long writeUnderlyingDay(CsvWriter w, OptionRow row, Underlying u, double spot, int dayIndex,
            LocalDate day, List<LocalDate> expirations, int quota) throws IOException {
        Rng rng = new Rng(Rng.mix(spec.seed(), SALT_DAY, u.hash(), dayIndex));
        // Day-level volatility regime and the 15:45 -> close move of the underlying.
        double volLevel = u.vol() * StrictMath.exp(0.08 * rng.gaussian() - 0.0032);
        double spotEod = PricePaths.closeSpot(spec.seed(), u, dayIndex, spot);

        List<OptionChain> chains = OptionChain.forDay(u, day, spot, expirations);
        StrikeSelection.select(chains, spot, volLevel, quota);
        MarketQuotes.underlying(row, u, spot, spotEod);

        BlackScholes p = new BlackScholes();
        double q = u.dividendYield();
        double dS = spotEod - spot;
        int left = quota;
        for (OptionChain c : chains) {
            if (c.count == 0) {
                continue;
            }
            double t = c.t;
            double sqrtT = Math.sqrt(t);
            double dfR = StrictMath.exp(-BlackScholes.RATE * t);
            double dfQ = StrictMath.exp(-q * t);
            double forward = spot * StrictMath.exp((BlackScholes.RATE - q) * t);
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
                    MarketQuotes.contract(row, u, rng, p, call, t, nearTerm, activity, z, dS);
                    format.writeRow(w, row);
                }
            }
        }
        return quota - left;
    }

    // ------------------------------------------------------------------------------------------
    // Command line (SampleDataCommand)

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
        return SampleDataCommand.run(args, out, err);
    }
}
