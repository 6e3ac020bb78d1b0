package dev.tradingpipeline.jobs.tools;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import dev.tradingpipeline.core.tables.TableNames;
import dev.tradingpipeline.jobs.ingest.LandingFileParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;

/**
 * Which columns of each pipeline table {@link TableDigest} hashes, and how: the columns whose values
 * legitimately differ between two runs of the same data (on two targets, or twice on one) are left
 * out or reduced to what does not differ, each with its reason. Decided per column from the tables'
 * DDL ({@code IcebergTables}, {@code GoldTables}) and their writers; every other column is hashed as
 * it is, so a column added later counts until it is listed here.
 *
 * @param excluded      columns left out, with why they differ
 * @param normalised    columns hashed through a function of their value, with why
 * @param latestRunOnly whether only the rows of the newest strategy run count (the gold tables: a
 *                      run id differs between two runs, so the rows of two targets' runs can only
 *                      be told apart by the run, and a target that ran the strategy twice has
 *                      twice the rows)
 */
public record DigestRules(List<Reasoned> excluded, Map<String, Normalised> normalised, boolean latestRunOnly) {

    /** A column and why it is treated so. */
    public record Reasoned(String column, String reason) {
    }

    /** A column hashed through {@code how}, and why. */
    public record Normalised(String reason, UnaryOperator<Column> how) {
    }

    private static final String INGESTED_AT = "the wall-clock time the batch was written";
    private static final String BATCH_ID = "the batch's start time (UTC) and a random suffix";
    private static final String RUN_ID = "the run's start time (UTC) and a random suffix";
    private static final Normalised LANDING_FILE = new Normalised("the landing file's path, a local folder on one"
            + " target and s3:// on the other: hashed as its file name (an archive's entry as archive!/entry)",
            DigestRules::fileName);

    /** The rules of every table of {@link TableNames#MAINTAINED}. */
    public static final Map<String, DigestRules> PIPELINE;

    static {
        Map<String, DigestRules> rules = new LinkedHashMap<>();
        DigestRules lines = new DigestRules(List.of(
                new Reasoned("ingested_at", INGESTED_AT),
                new Reasoned("batch_id", BATCH_ID)),
                Map.of("source_file", LANDING_FILE), false);
        rules.put(TableNames.BRONZE, lines);
        rules.put(TableNames.REJECTS, lines);
        rules.put(TableNames.SILVER, lines);
        rules.put(TableNames.LEDGER, new DigestRules(List.of(
                new Reasoned("modified_at", "the landing file's modification time: when it was copied to that landing"),
                new Reasoned("error", "free text that may name the landing path or quote the file system's own"
                        + " message; status tells a failed file from a loaded one"),
                new Reasoned("batch_id", BATCH_ID),
                new Reasoned("started_at", "the wall-clock start of the batch"),
                new Reasoned("finished_at", "the wall-clock end of the batch")),
                Map.of("path", LANDING_FILE), false));
        rules.put(TableNames.RUNS, new DigestRules(List.of(
                new Reasoned("run_id", RUN_ID),
                new Reasoned("started_at", "the wall-clock start of the run"),
                new Reasoned("config_hash", "SHA-256 of spec, which names a CSV benchmark's location;"
                        + " spec itself is hashed with that location reduced to its file name")),
                Map.of("spec", new Normalised("a CSV benchmark's location (csv=<location> name=...) differs per"
                        + " target: hashed as its file name", DigestRules::benchmarkFileName)), true));
        for (String gold : TableNames.GOLD) {
            rules.putIfAbsent(gold, new DigestRules(List.of(new Reasoned("run_id", RUN_ID)), Map.of(), true));
        }
        PIPELINE = java.util.Collections.unmodifiableMap(rules);
    }

    /** The excluded columns' names, in the order listed. */
    public List<String> excludedColumns() {
        return excluded.stream().map(Reasoned::column).toList();
    }

    /**
     * A landing path's file name: what follows its last '/', or for an archive's entry
     * ({@code path!/entry}) the archive's file name, the separator and the entry's name.
     */
    static Column fileName(Column path) {
        String sep = LandingFileParser.ENTRY_SEPARATOR;
        Column archive = substring_index(path, sep, 1);
        Column entry = path.substr(instr(path, sep), lit(Integer.MAX_VALUE));
        return when(instr(path, sep).gt(0), concat(substring_index(archive, "/", -1), entry))
                .otherwise(substring_index(path, "/", -1));
    }

    /**
     * A run's spec text with each CSV benchmark's location ({@code csv=<location> name=<name>}, as
     * {@code BenchmarkSpec.describe} writes it) reduced to its file name: the shortest run up to a
     * '/' after which no '/' comes before " name=".
     */
    static Column benchmarkFileName(Column spec) {
        return regexp_replace(spec, lit("csv=.*?/(?=[^/]* name=)"), lit("csv="));
    }
}
