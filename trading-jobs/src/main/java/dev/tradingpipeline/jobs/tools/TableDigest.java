package dev.tradingpipeline.jobs.tools;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.tables.TableNames;
import dev.tradingpipeline.jobs.JobArguments;
import dev.tradingpipeline.jobs.TradingJob;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.spark.S3Access;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.jobs.strategy.spark.GoldRunReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Prints each pipeline table's row count and a content hash, to compare the tables two targets
 * wrote for the same input (issue 19's cluster parity test): one line per table of
 * {@link TableNames#MAINTAINED}, {@code [table-digest] <table> rows=<n> hash=<hex> excluded=<columns>},
 * and the same lines to {@code --out} when given. It takes the job's {@code --config} and
 * {@code --set} and opens the catalog as the job does ({@link SparkSessions}, s3:// through
 * {@link S3Access}).
 *
 * <p>The hash does not depend on row order, files or partitioning: each row's columns (sorted by
 * name, each preceded by whether it is null, maps as their entries sorted) are hashed with
 * {@code xxhash64} twice, the second time from another start, and each hash is summed over the
 * rows as a decimal (exact: no overflow below 10^11 rows), then taken modulo 2^64. A sum, unlike
 * an exclusive or, counts a row present twice; two 64-bit sums make an accidental match of two
 * different tables about as likely as 2^-128. Which columns are left out, or reduced to what does
 * not differ between targets, is {@link DigestRules}.
 */
public final class TableDigest {

    public static final String PREFIX = "[table-digest] ";
    public static final String USAGE = "usage: TableDigest [--config <path or s3:// uri>] [--set key=value]..."
            + " [--out <file>]";

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private TableDigest() {
    }

    /** The command line: the job's {@code --config} and {@code --set}, and where to write the lines. */
    public record Arguments(Optional<String> config, Map<String, String> overrides, Optional<String> out) {

        public static Arguments parse(String... args) {
            String config = null;
            String out = null;
            Map<String, String> overrides = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.equals("--config") && !a.equals("--set") && !a.equals("--out")) {
                    throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
                }
                String v = args[++i];
                if (a.equals("--config")) {
                    config = v;
                } else if (a.equals("--out")) {
                    out = v;
                } else {
                    Map.Entry<String, String> s = JobArguments.setting(v).orElseThrow(
                            () -> new IllegalArgumentException("--set takes key=value, got '" + v + "'\n" + USAGE));
                    overrides.put(s.getKey(), s.getValue());
                }
            }
            return new Arguments(Optional.ofNullable(config), overrides, Optional.ofNullable(out));
        }
    }

    /** A table's row count and the two sums of its rows' hashes, modulo 2^64. */
    public record Digest(long rows, long first, long second) {

        public String hex() {
            return String.format(Locale.ROOT, "%016x%016x", first, second);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Parses, reads the configuration, digests in a new SparkSession and stops it; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        Arguments arguments;
        TradingConfig config;
        try {
            arguments = Arguments.parse(args);
            config = TradingJob.loadConfig(arguments.config(), arguments.overrides());
            S3Access.checkReachable(config, SparkSessions.hadoopConfiguration());
        } catch (IllegalArgumentException | ConfigException e) {
            out.println(PREFIX + "not started: " + e.getMessage().replace("\n", "\n" + PREFIX));
            return TradingJob.EXIT_BAD_INPUT;
        }
        SparkSession spark = SparkSessions.create("trading-table-digest", config);
        try {
            return execute(spark, arguments, config, out);
        } finally {
            spark.stop();
        }
    }

    /** Digests every pipeline table on a given session (tests share one); returns the exit code. */
    public static int execute(SparkSession spark, Arguments arguments, TradingConfig config, PrintStream out) {
        List<String> lines;
        try {
            lines = lines(spark, config, out);
        } catch (RuntimeException e) {
            out.println(PREFIX + "FAILED: " + e.getMessage());
            return TradingJob.EXIT_FAILED;
        }
        if (arguments.out().isPresent()) {
            String where = arguments.out().get();
            try {
                write(spark, where, String.join("\n", lines) + "\n");
            } catch (IOException | UncheckedIOException e) {
                out.println(PREFIX + "FAILED: cannot write --out " + where + ": " + e.getMessage());
                return TradingJob.EXIT_FAILED;
            }
        }
        return TradingJob.EXIT_OK;
    }

    /** One line per pipeline table, each printed as soon as it is known. */
    static List<String> lines(SparkSession spark, TradingConfig config, PrintStream out) {
        IcebergTables tables = new IcebergTables(spark, config);
        Optional<String> latestRun = tables.exists(TableNames.RUNS)
                ? new GoldRunReader(spark, config).latestRunId() : Optional.empty();
        List<String> lines = new ArrayList<>();
        for (String table : TableNames.MAINTAINED) {
            String line;
            if (!tables.exists(table)) {
                line = PREFIX + table + " does not exist";
            } else {
                DigestRules rules = DigestRules.PIPELINE.get(table);
                boolean noRows = tables.load(table).currentSnapshot() == null
                        || rules.latestRunOnly() && latestRun.isEmpty();
                Dataset<Row> rows = spark.table(tables.qualified(table));
                if (rules.latestRunOnly() && latestRun.isPresent()) {
                    rows = rows.filter(col("run_id").equalTo(latestRun.get()));
                }
                // a table never written to (or gold without a run) needs no scan
                line = line(table, noRows ? new Digest(0, 0, 0) : digest(rows, rules), rules);
            }
            out.println(line);
            lines.add(line);
        }
        return lines;
    }

    static String line(String table, Digest d, DigestRules rules) {
        StringBuilder b = new StringBuilder(PREFIX).append(table).append(" rows=").append(d.rows())
                .append(" hash=").append(d.hex());
        if (!rules.excluded().isEmpty()) {
            b.append(" excluded=").append(String.join(",", rules.excludedColumns()));
        }
        if (!rules.normalised().isEmpty()) {
            b.append(" normalised=").append(String.join(",", rules.normalised().keySet().stream().sorted().toList()));
        }
        if (rules.latestRunOnly()) {
            b.append(" scope=latest-run");
        }
        return b.toString();
    }

    /** The digest of these rows under these rules: one aggregation, no shuffle of the rows. */
    public static Digest digest(Dataset<Row> rows, DigestRules rules) {
        List<Column> values = new ArrayList<>();
        List<StructField> fields = new ArrayList<>(List.of(rows.schema().fields()));
        fields.sort(java.util.Comparator.comparing(StructField::name));
        for (StructField f : fields) {
            if (rules.excludedColumns().contains(f.name())) {
                continue;
            }
            Column v = col(f.name());
            DigestRules.Normalised n = rules.normalised().get(f.name());
            if (n != null) {
                v = n.how().apply(v);
            }
            if (f.dataType() instanceof MapType) {
                // a map's entries keep their insertion order, and xxhash64 refuses maps
                v = functions.array_sort(functions.map_entries(v));
            }
            // a null adds nothing to xxhash64: the flag keeps (null, x) and (x, null) apart
            values.add(v.isNull());
            values.add(v);
        }
        Column first = xxhash64(values.toArray(new Column[0]));
        List<Column> again = new ArrayList<>();
        again.add(lit("table-digest: second hash"));
        again.addAll(values);
        Column second = xxhash64(again.toArray(new Column[0]));
        Row r = rows.agg(count(lit(1)),
                sum(first.cast(DataTypes.createDecimalType(20, 0))),
                sum(second.cast(DataTypes.createDecimalType(20, 0)))).first();
        long count = r.getLong(0);
        return new Digest(count, modulo64(r.getDecimal(1), count), modulo64(r.getDecimal(2), count));
    }

    private static long modulo64(BigDecimal sum, long rows) {
        if (sum == null && rows > 0) {
            // decimal(30,0) holds the sum of 10^11 64-bit hashes; past that Spark gives null
            throw new IllegalStateException("the sum of " + rows + " row hashes overflowed decimal(30,0)");
        }
        return sum == null ? 0 : sum.toBigIntegerExact().mod(TWO_TO_64).longValue();
    }

    private static void write(SparkSession spark, String where, String text) throws IOException {
        if (!where.contains("://")) {
            Path p = Path.of(where).toAbsolutePath();
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return;
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(where);
        try (OutputStream o = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(p, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
