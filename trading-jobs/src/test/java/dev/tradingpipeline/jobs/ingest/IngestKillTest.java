package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.ForkedJob;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, "a crash at any moment loses nothing and duplicates nothing", with real crashes: the
 * bootstrap runs as its own JVM ({@code TradingJob}, Spark {@code local[2]}, the Hadoop catalog on
 * local disk as configured by default) and is killed with SIGKILL at random moments, then started
 * again, possibly killed again, until a run ends on its own. The tables must then hold what a
 * bootstrap that was never killed wrote. Kills fall at random times spread over the length of the
 * clean run, and some right after Iceberg starts a commit; each kill is recorded with what the
 * child was doing, judged from its last output line.
 *
 * <p>The kill schedule is drawn from a seeded {@link Random}; the seed is printed, and
 * {@code -Dtrading.kill.seed=...} replays a schedule (the moments are the same; what the child is
 * doing at them depends on the machine).
 */
class IngestKillTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4); // a Monday
    private static final int DAYS = 8;
    private static final int ROWS = 150;
    private static final int FILES_PER_BATCH = 3;
    private static final int TRIALS = 10;
    /** Trials run three at a time: most of a child's time is single-threaded driver work. */
    private static final int PARALLEL = Integer.getInteger("trading.kill.parallel", 3);
    private static final int MAX_KILLS_PER_TRIAL = 2;
    private static final long SEED = Long.getLong("trading.kill.seed", 7_2024_0307L);
    private static final String MASTER = "local[2]";

    private static final String DATA_COLUMNS = String.join(", ", OptionEodSchema.DATA_FIELDS.stream()
            .map(f -> f.name()).toList());
    private static final String KEY = String.join(", ", OptionEodSchema.NATURAL_KEY);

    /**
     * A commit starting: Iceberg's SparkWrite ("Committing append with 3 new data files to table
     * t") or the ledger's own ("Committing append of 3 row(s) of batch b to table t").
     */
    private static final Pattern COMMITTING = Pattern.compile(
            "(?:SparkWrite|LandingFileLedger): Committing (\\w+).* to table (\\S+)");
    private static final Pattern BATCH_DONE = Pattern.compile("IngestJob: batch (\\d+)/(\\d+) ");
    private static final Pattern TO_LOAD = Pattern.compile("IngestJob: bootstrap: (\\d+) of \\d+ landing file");

    @TempDir
    Path root;

    /** What the child was doing when it was killed, coarsely. */
    enum Phase { BEFORE_SPARK, STARTING, RECOVERING, IN_BATCH, IN_COMMIT, AFTER_LOAD }

    record Kill(int trial, int run, long atMillis, String plan, Phase phase, String doing, String lastLine) {
    }

    record Trial(int number, long seed, Path warehouse, List<Kill> kills, int runs) {
    }

    /** A trial and what its warehouse held at the end. */
    record Checked(Trial trial, Figures figures) {
    }

    /** What a warehouse holds, compared between the clean run and each trial. */
    record Figures(long silverRows, long silverKeys, BigDecimal silverHash, long bronzeLines, long bronzeDistinct,
            BigDecimal bronzeHash, long rejects, BigDecimal rejectsHash, long ledgerLoaded, long ledgerLoadedPaths,
            long ledgerFailed, Set<String> loadedNames) {

        long duplicateKeys() {
            return silverRows - silverKeys;
        }
    }

    @Test
    void aBootstrapKilledAtRandomMomentsAndRestartedLosesNothingAndDuplicatesNothing() throws Exception {
        long testStart = System.nanoTime();
        Path landing = root.resolve("landing");
        List<Path> files = land(landing);
        long dataLines = 0;
        for (Path f : files) {
            dataLines += Files.readAllLines(f).size() - 1;
        }
        Set<String> names = files.stream().map(f -> f.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));

        // the clean run: what every trial must end with, and how long a bootstrap takes
        ForkedJob clean = ForkedJob.start(root.resolve("runs/clean"), MASTER, args(landing, root.resolve("clean")),
                line -> { });
        SparkSession spark = SparkTestSession.get(); // starts meanwhile
        int cleanExit = clean.exitCode();
        long duration = clean.lines().get(clean.lines().size() - 1).atMillis();
        assertThat(cleanExit).as("clean bootstrap:\n%s", clean.output()).isZero();
        long commits = clean.lines().stream().filter(l -> COMMITTING.matcher(l.text()).find()).count();
        String cleanCatalog = catalog(root.resolve("clean"), landing);
        Figures expected = figures(spark, cleanCatalog);
        System.out.printf(Locale.ROOT, "kill trials: seed %d (-Dtrading.kill.seed=%d replays it); clean bootstrap %.1fs,"
                + " %d Spark commits, silver %d rows (hash %s), bronze %d lines, rejects %d%n", SEED, SEED,
                duration / 1000.0, commits, expected.silverRows(), expected.silverHash(), expected.bronzeLines(),
                expected.rejects());
        assertThat(expected.silverRows()).isPositive();
        assertThat(expected.bronzeLines()).isEqualTo(dataLines);
        assertThat(expected.rejects()).isPositive();
        assertThat(expected.loadedNames()).isEqualTo(names);

        // the trials, PARALLEL at a time
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Checked> checked = new ArrayList<>();
        try {
            List<Future<Checked>> running = new ArrayList<>();
            for (int t = 1; t <= TRIALS; t++) {
                int number = t;
                running.add(pool.submit(() -> {
                    Trial trial = trial(number, landing, duration, (int) commits);
                    return check(spark, trial, landing);
                }));
            }
            for (Future<Checked> f : running) {
                checked.add(f.get(10, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }

        // every trial ends with what the clean run wrote
        long lost = 0;
        long duplicates = 0;
        List<Trial> trials = checked.stream().map(Checked::trial).toList();
        for (Checked c : checked) {
            Trial trial = c.trial();
            Figures got = c.figures();
            // keys of the clean silver the trial lacks (the hash below tells whether the rows are the same)
            long missing = Math.max(0, expected.silverKeys() - got.silverKeys());
            lost += missing;
            duplicates += got.duplicateKeys() + (got.bronzeLines() - got.bronzeDistinct());
            System.out.printf(Locale.ROOT, "trial %d: %d run(s), %d kill(s); silver %d rows, %d missing, %d duplicate"
                    + " keys; bronze %d lines (%d distinct); ledger %d LOADED%n", trial.number(), trial.runs(),
                    trial.kills().size(), got.silverRows(), missing, got.duplicateKeys(), got.bronzeLines(),
                    got.bronzeDistinct(), got.ledgerLoaded());
            String which = "trial " + trial.number() + " (seed " + trial.seed() + ", kills " + trial.kills() + ")";
            assertThat(missing).as("silver keys lost in %s", which).isZero();
            assertThat(got.duplicateKeys()).as("duplicate silver keys in %s", which).isZero();
            assertThat(got.silverRows()).as("silver rows in %s", which).isEqualTo(expected.silverRows());
            assertThat(got.silverHash()).as("silver content in %s", which).isEqualTo(expected.silverHash());
            assertThat(got.bronzeLines()).as("bronze lines in %s", which).isEqualTo(dataLines)
                    .isEqualTo(got.bronzeDistinct());
            assertThat(got.bronzeHash()).as("bronze content in %s", which).isEqualTo(expected.bronzeHash());
            assertThat(got.rejects()).as("rejects in %s", which).isEqualTo(expected.rejects());
            assertThat(got.rejectsHash()).as("rejects content in %s", which).isEqualTo(expected.rejectsHash());
            assertThat(got.loadedNames()).as("files LOADED in %s", which).isEqualTo(names);
            assertThat(got.ledgerLoaded()).as("LOADED ledger rows in %s", which).isEqualTo(names.size())
                    .isEqualTo(got.ledgerLoadedPaths());
            assertThat(got.ledgerFailed()).as("FAILED ledger rows in %s", which).isZero();
        }

        List<Kill> kills = trials.stream().flatMap(t -> t.kills().stream()).toList();
        Map<Phase, Long> byPhase = new EnumMap<>(Phase.class);
        kills.forEach(k -> byPhase.merge(k.phase(), 1L, Long::sum));
        Map<String, Long> commitKills = new TreeMap<>();
        kills.stream().filter(k -> k.phase() == Phase.IN_COMMIT)
                .forEach(k -> commitKills.merge(k.doing(), 1L, Long::sum));
        long duringCommit = byPhase.getOrDefault(Phase.IN_COMMIT, 0L);
        System.out.printf(Locale.ROOT, "kill trials: %d kills in %d trials, %d during a commit, rows lost %d,"
                + " duplicates %d (%.0fs)%n", kills.size(), trials.size(), duringCommit, lost, duplicates,
                (System.nanoTime() - testStart) / 1e9);
        System.out.println("kill trials: kills by phase " + byPhase + "; commits killed " + commitKills);

        assertThat(lost).isZero();
        assertThat(duplicates).isZero();
        assertThat(kills).hasSizeGreaterThanOrEqualTo(TRIALS);
        assertThat(duringCommit).as("kills inside a commit").isPositive();
        assertThat(byPhase.keySet()).as("phases the kills fell in").hasSizeGreaterThanOrEqualTo(3);
        assertThat(kills).as("kills after Spark started").anySatisfy(k -> assertThat(k.phase())
                .isIn(Phase.IN_BATCH, Phase.IN_COMMIT));
    }

    /**
     * Eight trading days, three lines of the fifth day that fail validation (a rejects commit),
     * and a correction of part of the third day landed last (a MERGE into days silver has).
     */
    private static List<Path> land(Path landing) throws IOException {
        List<Path> files = new ArrayList<>(SparkTestSession.sample(landing, START, DAYS, ROWS, Compression.CSV));
        Path fifth = files.get(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(fifth));
        for (int i : new int[] {7, 50, 120}) {
            lines.set(i, lines.get(i).replaceFirst(",[CP],", ",X,"));
        }
        Files.write(fifth, lines);
        List<String> third = Files.readAllLines(files.get(2));
        List<String> correction = new ArrayList<>(List.of(third.get(0)));
        for (String line : third.subList(1, 41)) {
            String[] f = line.split(",", -1);
            f[14] = "77.7000"; // ask_1545
            correction.add(String.join(",", f));
        }
        Path corr = landing.resolve("UnderlyingOptionsEODCalcs_2024-03-06-correction.csv");
        Files.write(corr, correction);
        files.add(corr);
        long t = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
        for (Path f : files) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(t));
            t += 60_000;
        }
        return files;
    }

    private static List<String> args(Path landing, Path warehouse) {
        return List.of("--mode", "bootstrap", "--set", "paths.landing=" + landing.toAbsolutePath(),
                "--set", "paths.warehouse=" + warehouse.toAbsolutePath(),
                "--set", "ingest.files-per-batch=" + FILES_PER_BATCH);
    }

    /** One trial: its own warehouse, killed once or twice, then run until it ends on its own. */
    private Trial trial(int number, Path landing, long cleanMillis, int commits) throws Exception {
        long seed = SEED * 1_000_003L + number;
        Random random = new Random(seed);
        int plannedKills = 1 + random.nextInt(MAX_KILLS_PER_TRIAL);
        Path warehouse = root.resolve("trial-" + number);
        List<Kill> kills = new ArrayList<>();
        for (int run = 1; ; run++) {
            boolean toKill = run <= plannedKills;
            // two in five kills follow the start of a commit by 0 to 40 ms (a commit on the local
            // warehouse takes 20 to 50 ms); the others fall anywhere in the length of a clean bootstrap
            boolean onCommit = toKill && random.nextInt(5) < 2;
            int nthCommit = 1 + random.nextInt(Math.max(1, commits));
            long delay = onCommit ? random.nextInt(41) : (long) (random.nextDouble() * cleanMillis);
            CountDownLatch commitSeen = new CountDownLatch(1);
            AtomicInteger commitsSeen = new AtomicInteger();
            ForkedJob job = ForkedJob.start(root.resolve("runs/trial-" + number + "-" + run), MASTER,
                    args(landing, warehouse), line -> {
                        if (COMMITTING.matcher(line.text()).find() && commitsSeen.incrementAndGet() == nthCommit) {
                            commitSeen.countDown();
                        }
                    });
            try {
                if (toKill) {
                    boolean alive;
                    if (onCommit) {
                        while (job.isAlive() && !commitSeen.await(20, TimeUnit.MILLISECONDS)) {
                            // waiting for the commit
                        }
                        alive = job.isAlive() && !job.waitFor(delay);
                    } else {
                        alive = !job.waitFor(delay);
                    }
                    if (alive) {
                        long at = job.elapsedMillis();
                        job.kill();
                        String plan = onCommit ? "commit " + nthCommit + " + " + delay + " ms" : "at " + delay + " ms";
                        Kill kill = judge(number, run, at, plan, job.lines());
                        kills.add(kill);
                        System.out.printf(Locale.ROOT, "trial %d run %d: killed at %.1fs (%s): %s | %s%n", number, run,
                                at / 1000.0, plan, kill.doing(), kill.lastLine());
                        continue;
                    }
                }
                int exit = job.exitCode();
                assertThat(exit).as("trial %d run %d (seed %d) ended on its own:\n%s", number, run, seed, job.output())
                        .isZero();
                System.out.printf(Locale.ROOT, "trial %d run %d: ended on its own after %.1fs%n", number, run,
                        job.elapsedMillis() / 1000.0);
                return new Trial(number, seed, warehouse, kills, run);
            } finally {
                job.close();
            }
        }
    }

    /** What the child was doing when killed, from its output up to then. */
    static Kill judge(int trial, int run, long at, String plan, List<ForkedJob.Line> lines) {
        Phase phase = Phase.BEFORE_SPARK;
        String doing = "starting the JVM and Spark";
        int batch = 0;
        String commitOf = null;
        String last = "";
        for (ForkedJob.Line l : lines) {
            String s = l.text();
            last = s;
            Matcher m;
            if (s.contains("TradingJob: Starting bootstrap")) {
                phase = Phase.STARTING;
                doing = "Spark started: creating tables, reading the ledger";
            } else if (s.contains("Resuming: removing rows of unfinished batch")) {
                phase = Phase.RECOVERING;
                doing = "removing the rows of the batch the previous run did not finish";
            } else if ((m = TO_LOAD.matcher(s)).find()) {
                batch = 1;
                phase = Phase.IN_BATCH;
                doing = "batch 1: reading and writing";
            } else if ((m = BATCH_DONE.matcher(s)).find()) {
                batch = Integer.parseInt(m.group(1)) + 1;
                boolean more = batch <= Integer.parseInt(m.group(2));
                phase = more ? Phase.IN_BATCH : Phase.AFTER_LOAD;
                doing = more ? "batch " + batch + ": reading and writing" : "all batches done, compacting";
            } else if (s.contains("IngestJob: bootstrap: compacting")) {
                phase = Phase.AFTER_LOAD;
                doing = "compacting what the batches wrote";
            } else if ((m = COMMITTING.matcher(s)).find()) {
                commitOf = m.group(1) + " to " + m.group(2).replaceFirst("^[^.]+\\.", "");
                phase = Phase.IN_COMMIT;
                doing = "batch " + batch + ": inside the commit of " + commitOf;
            } else if (s.contains("HadoopTableOperations: Committed a new metadata file") && commitOf != null) {
                doing = "batch " + batch + ": inside the commit of " + commitOf + ", new metadata in place";
            } else if (s.contains("SnapshotProducer: Committed snapshot") || s.contains("SparkWrite: Committed in")) {
                if (commitOf != null) {
                    phase = batch == 0 ? Phase.STARTING : Phase.IN_BATCH;
                    doing = "batch " + batch + ": after the commit of " + commitOf;
                    commitOf = null;
                }
            } else if (s.startsWith("[trading-summary]")) {
                phase = Phase.AFTER_LOAD;
                doing = "printing the summary";
            }
        }
        String lastLine = last.length() > 140 ? last.substring(0, 140) + "..." : last;
        return new Kill(trial, run, at, plan, phase, doing, lastLine);
    }

    /** A trial and what its warehouse held at the end. */
    private Checked check(SparkSession spark, Trial trial, Path landing) {
        return new Checked(trial, figures(spark, catalog(trial.warehouse(), landing)));
    }

    /** A catalog of the shared test session on that warehouse. */
    private String catalog(Path warehouse, Path landing) {
        TradingConfig c = SparkTestSession.newConfig(root.resolve("verify"), Map.of(
                "paths.warehouse", warehouse.toAbsolutePath().toString(),
                "paths.landing", landing.toAbsolutePath().toString()));
        return c.get("catalog.name");
    }

    /**
     * Row counts and content hashes. Silver's hash covers every column but the lineage of the
     * load ({@code ingested_at}, {@code batch_id}), which differs from run to run; the landing
     * folder is the same for all, so {@code source_file} is compared too.
     */
    private static Figures figures(SparkSession spark, String cat) {
        Row silver = spark.sql("SELECT count(*), count(DISTINCT " + KEY + "), sum(CAST(xxhash64(" + DATA_COLUMNS
                + ", dte, mid_1545, source_file) AS DECIMAL(38, 0))) FROM " + cat + ".silver.option_eod").first();
        Row bronze = spark.sql("SELECT count(*), count(DISTINCT source_file, line_number), sum(CAST(xxhash64("
                + "source_file, line_number, raw_line, file_day) AS DECIMAL(38, 0))) FROM " + cat + ".bronze.option_eod")
                .first();
        Row rejects = spark.sql("SELECT count(*), sum(CAST(xxhash64(source_file, line_number, raw_line, reason)"
                + " AS DECIMAL(38, 0))) FROM " + cat + ".bronze.option_eod_rejects").first();
        List<Row> ledger = spark.sql("SELECT status, path, file_name FROM " + cat + ".ops.landing_files").collectAsList();
        List<Row> loaded = ledger.stream().filter(r -> r.getString(0).equals(LandingFileLedger.LOADED)).toList();
        return new Figures(silver.getLong(0), silver.getLong(1), silver.getDecimal(2), bronze.getLong(0),
                bronze.getLong(1), bronze.getDecimal(2), rejects.getLong(0), rejects.getDecimal(1), loaded.size(),
                loaded.stream().map(r -> r.getString(1)).distinct().count(),
                ledger.stream().filter(r -> r.getString(0).equals(LandingFileLedger.FAILED)).count(),
                loaded.stream().map(r -> r.getString(2)).collect(Collectors.toCollection(TreeSet::new)));
    }
}
