package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives as the vendor or an attacker might send them: several CSVs, zip slip, bombs, endless lines. */
class LandingArchivesTest {
    private static final LocalDate START = LocalDate.of(2024, 3, 4);

    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path root;
    private Path landing;

    @BeforeEach
    void setUp() throws IOException {
        landing = Files.createDirectories(root.resolve("landing"));
    }

    private TradingConfig config(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("ingest.files-per-batch", "10"));
        all.putAll(more);
        return SparkTestSession.newConfig(root, all);
    }

    private long count(TradingConfig c, String table) {
        return spark.table(c.get("catalog.name") + "." + table).count();
    }

    /** Writes a zip of these entries (name to content) into the landing folder. */
    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path z = landing.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return z;
    }

    private List<Path> sampleDays(int days, int rows) throws IOException {
        return SparkTestSession.sample(root.resolve("days"), START, days, rows, Compression.CSV);
    }

    @Test
    void anArchiveOfSeveralCsvsLoadsEachWithItsOwnLineNumbers() throws Exception {
        List<Path> days = sampleDays(3, 60);
        List<String> third = new ArrayList<>(Files.readAllLines(days.get(2)));
        third.set(5, third.get(5).replaceFirst(",[CP],", ",Z,")); // one bad line, line 6 of its entry
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("README.txt", "three days".getBytes(StandardCharsets.UTF_8));
        entries.put("march/" + days.get(0).getFileName(), Files.readAllBytes(days.get(0)));
        entries.put("march/" + days.get(1).getFileName(), Files.readAllBytes(days.get(1)));
        entries.put("march/" + days.get(2).getFileName(), (String.join("\n", third) + "\n").getBytes(StandardCharsets.UTF_8));
        Path archive = zip("UnderlyingOptionsEODCalcs_2024-03.zip", entries);
        TradingConfig c = config(Map.of());
        String cat = c.get("catalog.name");

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.succeeded()).isTrue();
        assertThat(r.rowsAccepted()).isEqualTo(179);
        assertThat(r.rowsRejected()).isEqualTo(1);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(179);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(180);
        String base = archive.toUri().toString().replace("file:///", "file:/");
        List<Row> perEntry = spark.sql("SELECT source_file, count(*), min(line_number), max(line_number) FROM " + cat
                + ".bronze.option_eod GROUP BY source_file ORDER BY source_file").collectAsList();
        assertThat(perEntry).hasSize(3).allSatisfy(row -> {
            assertThat(row.getString(0)).startsWith(base + "!/march/UnderlyingOptionsEODCalcs_2024-03-0");
            assertThat(row.getLong(1)).isEqualTo(60);
            assertThat(row.getLong(2)).isEqualTo(2);
            assertThat(row.getLong(3)).isEqualTo(61);
        });
        Row reject = spark.sql("SELECT source_file, line_number, reason FROM " + cat + ".bronze.option_eod_rejects").first();
        assertThat(reject.getString(0)).endsWith("!/march/" + days.get(2).getFileName());
        assertThat(reject.getLong(1)).isEqualTo(6);
        assertThat(reject.getString(2)).contains("option_type");
        Row ledger = spark.sql("SELECT status, rows_accepted, rows_rejected, quote_dates FROM " + cat
                + ".ops.landing_files").first();
        assertThat(ledger.getString(0)).isEqualTo("LOADED");
        assertThat(ledger.getLong(1)).isEqualTo(179);
        assertThat(ledger.getLong(2)).isEqualTo(1);
        assertThat(ledger.getString(3)).isEqualTo("2024-03-04,2024-03-05,2024-03-06");
        assertThat(spark.sql("SELECT DISTINCT quote_date FROM " + cat + ".silver.option_eod").count()).isEqualTo(3);
    }

    @Test
    void zipSlipEntriesRefuseTheArchiveAndTheOtherFilesStillLand() throws Exception {
        List<Path> days = sampleDays(4, 40);
        byte[] day = Files.readAllBytes(days.get(0));
        zip("UnderlyingOptionsEODCalcs_2024-03-04.zip", Map.of("../../etc/cron.d/x.csv", day));
        zip("UnderlyingOptionsEODCalcs_2024-03-05.zip", Map.of("/tmp/abs.csv", day));
        Map<String, byte[]> late = new LinkedHashMap<>();
        late.put("ok.csv", Files.readAllBytes(days.get(2)));
        late.put("sub\\..\\..\\evil.csv", day);
        zip("UnderlyingOptionsEODCalcs_2024-03-06.zip", late);
        Files.copy(days.get(3), landing.resolve(days.get(3).getFileName()));
        TradingConfig c = config(Map.of());

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.failed()).hasSize(3).allSatisfy(f -> assertThat(f.error())
                .contains("unsafe entry name").contains("zip-slip").contains("the archive is refused"));
        assertThat(r.failed()).anySatisfy(f -> assertThat(f.error()).contains("'../../etc/cron.d/x.csv'"))
                .anySatisfy(f -> assertThat(f.error()).contains("'/tmp/abs.csv'"));
        // the third archive's good entry came before the bad one: none of it lands
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(40);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(40);
        assertThat(spark.sql("SELECT DISTINCT quote_date FROM " + c.get("catalog.name") + ".silver.option_eod")
                .first().get(0).toString()).isEqualTo("2024-03-07");
    }

    @Test
    void aDecompressionBombIsStoppedByTheSizeLimitAndAnEndlessLineIsRejectedCut() throws Exception {
        // 64 MiB of data lines, a few KB compressed, against a 1 MiB limit
        List<String> lines = Files.readAllLines(sampleDays(1, 5).get(0));
        Path bomb = landing.resolve("UnderlyingOptionsEODCalcs_2024-03-08.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            o.write((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                o.write(zeros);
            }
        }
        // one line of 3 MiB without an end, under the size limit
        Path endless = landing.resolve("UnderlyingOptionsEODCalcs_2024-03-11.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(endless))) {
            o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            o.write("9".repeat(3 << 20).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        TradingConfig c = config(Map.of("ingest.max-uncompressed-size", "4m"));
        String cat = c.get("catalog.name");

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.path()).endsWith(bomb.getFileName().toString());
            assertThat(f.error()).contains("holds more than 4194304 bytes uncompressed (ingest.max-uncompressed-size)")
                    .contains("decompression bomb");
        });
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(5);
        Row cut = spark.sql("SELECT line_number, length(raw_line), reason FROM " + cat + ".bronze.option_eod_rejects")
                .first();
        assertThat(cut.getLong(0)).isEqualTo(7);
        assertThat(cut.getInt(1)).isEqualTo(LandingFileParser.MAX_LINE_CHARS);
        assertThat(cut.getString(2)).isEqualTo("line longer than 1048576 characters (kept cut to that length)");
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(6);
    }
}
