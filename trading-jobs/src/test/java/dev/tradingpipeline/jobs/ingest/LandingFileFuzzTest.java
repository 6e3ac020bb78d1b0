package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the landing reader with thousands of files made from valid ones by random mutations:
 * truncated and joined lines, extra and missing fields, stray quotes, binary junk, huge fields,
 * CRLF and lone CR line ends, a byte order mark, bytes that are not UTF-8, files cut anywhere
 * (plain and gzip). The reader must never throw; for every file it accepts, accepted + rejected
 * must equal the data lines counted here independently, every accepted row must come out and
 * every rejected line be reported; a file it refuses must say why and emit nothing.
 */
class LandingFileFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final int FILES = Integer.getInteger("fuzz.files", 3000);

    @TempDir
    static Path dir;
    private static List<String> valid;

    @BeforeAll
    static void validLines() throws IOException {
        Path sample = SparkTestSession.sample(dir.resolve("valid"), LocalDate.of(2024, 3, 4), 1, 40, Compression.CSV).get(0);
        valid = Files.readAllLines(sample);
    }

    /** One mutation applied to the lines of a file (header included). */
    private interface Mutation {
        void apply(List<String> lines, Random r);
    }

    private static final String[] JUNK = {"\u0000", "\u0001\u0002", "\uFFFD", "\u00e9", "\u2603", "\t", "\\", "\u007f"};

    private static final List<Mutation> MUTATIONS = List.of(
            // truncate a line at a random character
            (lines, r) -> {
                int i = pick(lines, r);
                String l = lines.get(i);
                lines.set(i, l.substring(0, r.nextInt(l.length() + 1)));
            },
            // an extra field
            (lines, r) -> {
                int i = pick(lines, r);
                lines.set(i, lines.get(i) + "," + r.nextInt(1000));
            },
            // a missing field
            (lines, r) -> {
                int i = pick(lines, r);
                String l = lines.get(i);
                int comma = l.indexOf(',', r.nextInt(Math.max(1, l.length())));
                if (comma >= 0) {
                    int next = l.indexOf(',', comma + 1);
                    lines.set(i, l.substring(0, comma) + (next < 0 ? "" : l.substring(next)));
                }
            },
            // stray or balanced quotes
            (lines, r) -> {
                int i = pick(lines, r);
                String l = lines.get(i);
                int at = r.nextInt(l.length() + 1);
                lines.set(i, l.substring(0, at) + (r.nextBoolean() ? "\"" : "\"x,\"\"y\"") + l.substring(at));
            },
            // binary junk inside a line
            (lines, r) -> {
                int i = pick(lines, r);
                String l = lines.get(i);
                int at = r.nextInt(l.length() + 1);
                lines.set(i, l.substring(0, at) + JUNK[r.nextInt(JUNK.length)] + l.substring(at));
            },
            // a huge field
            (lines, r) -> {
                int i = pick(lines, r);
                String l = lines.get(i);
                int comma = Math.max(0, l.indexOf(','));
                lines.set(i, l.substring(0, comma) + "9".repeat(50_000 + r.nextInt(150_000)) + l.substring(comma));
            },
            // two lines joined, or a line split in two
            (lines, r) -> {
                int i = pick(lines, r);
                if (r.nextBoolean() && i + 1 < lines.size()) {
                    lines.set(i, lines.get(i) + lines.remove(i + 1));
                } else {
                    String l = lines.get(i);
                    int at = r.nextInt(l.length() + 1);
                    lines.set(i, l.substring(0, at));
                    lines.add(i + 1, l.substring(at));
                }
            },
            // blank lines and lines of only spaces or commas
            (lines, r) -> lines.add(1 + r.nextInt(lines.size()), r.nextBoolean() ? "" : r.nextBoolean() ? "   " : ",,,"),
            // a duplicated line
            (lines, r) -> {
                int i = pick(lines, r);
                lines.add(i, lines.get(i));
            },
            // a numeric field replaced by text, a negative or an exponent
            (lines, r) -> {
                int i = pick(lines, r);
                String[] f = lines.get(i).split(",", -1);
                int k = r.nextInt(f.length);
                f[k] = switch (r.nextInt(5)) {
                    case 0 -> "NaN";
                    case 1 -> "-" + f[k];
                    case 2 -> "1e309";
                    case 3 -> "0x1F";
                    default -> "";
                };
                lines.set(i, String.join(",", f));
            },
            // the header damaged (the file is refused) or its columns reordered
            (lines, r) -> {
                if (r.nextInt(4) == 0) {
                    lines.set(0, lines.get(0).replaceFirst(",", ";"));
                }
            });

    private static int pick(List<String> lines, Random r) {
        return lines.size() == 1 ? 0 : 1 + r.nextInt(lines.size() - 1);
    }

    /** A mutated file's bytes, and how it was made (to reproduce a failure). */
    private record Case(byte[] bytes, String how) {
    }

    private static Case mutate(Random r) {
        List<String> lines = new ArrayList<>(valid.subList(0, 1 + r.nextInt(valid.size())));
        StringBuilder how = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            int m = r.nextInt(MUTATIONS.size());
            MUTATIONS.get(m).apply(lines, r);
            how.append('m').append(m).append(' ');
        }
        String eol = switch (r.nextInt(6)) {
            case 0 -> "\r\n";
            case 1 -> "\r";
            default -> "\n";
        };
        how.append("eol=").append(eol.replace("\r", "CR").replace("\n", "LF")).append(' ');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.nextInt(5) == 0) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            how.append("bom ");
        }
        out.writeBytes(String.join(eol, lines).getBytes(StandardCharsets.UTF_8));
        if (r.nextBoolean()) {
            out.writeBytes(eol.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        if (r.nextInt(6) == 0) {
            // bytes that are not UTF-8
            int at = r.nextInt(bytes.length);
            bytes[at] = (byte) (r.nextBoolean() ? 0xFF : 0xC3);
            how.append("non-utf8@").append(at).append(' ');
        }
        if (r.nextInt(8) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1));
            how.append("cut@").append(bytes.length).append(' ');
        }
        return new Case(bytes, how.toString().trim());
    }

    /**
     * The data lines as counted here, independently of the reader: UTF-8 decoded with
     * replacement, split at LF, CR or CRLF, the first line the header, blank lines not data.
     */
    private static long dataLines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n|\r|\n", -1);
        int last = lines.length;
        if (last > 0 && lines[last - 1].isEmpty()) {
            last--; // the file's final line end
        }
        long n = 0;
        for (int i = 1; i < last; i++) {
            if (!lines[i].isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /** Reads one file with the reader as a Spark task would, without Spark. */
    private static List<Row> read(Path file, LandingFileParser.Emit emit, CollectionAccumulator<FileSummary> summaries,
            CollectionAccumulator<RejectedLine> rejects) throws Exception {
        LandingFile lf = new LandingFile(file.toUri().toString(), file.getFileName().toString(), Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
        LandingFileParser parser = new LandingFileParser(new HadoopConf(new Configuration()), 1L << 30, emit, summaries, rejects);
        Iterator<Row> rows = parser.call(List.of(new LandingFileParser.Input(0, lf)).iterator());
        List<Row> out = new ArrayList<>();
        rows.forEachRemaining(out::add);
        return out;
    }

    @Test
    void mutatedFilesNeverCrashTheReaderAndEveryDataLineIsAcceptedOrRejected() throws Exception {
        Random random = new Random(SEED);
        Path work = dir.resolve("fuzz");
        Files.createDirectories(work);
        int accepted = 0;
        int refused = 0;
        long linesSeen = 0;
        long rejectedSeen = 0;
        for (int i = 0; i < FILES; i++) {
            Case c = mutate(random);
            boolean gzip = random.nextInt(4) == 0;
            Path file = work.resolve("UnderlyingOptionsEODCalcs_2024-03-04-" + i + (gzip ? ".csv.gz" : ".csv"));
            if (gzip) {
                try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
                    o.write(c.bytes());
                }
            } else {
                Files.write(file, c.bytes());
            }
            String context = "file " + i + " (seed " + SEED + ", " + c.how() + (gzip ? ", gzip" : "") + ")";

            CollectionAccumulator<FileSummary> summaries = new CollectionAccumulator<>();
            CollectionAccumulator<RejectedLine> rejects = new CollectionAccumulator<>();
            List<Row> rows = read(file, LandingFileParser.Emit.ACCEPTED, summaries, rejects);
            assertThat(summaries.value()).as(context).hasSize(1);
            FileSummary s = summaries.value().get(0);
            if (s.failed()) {
                refused++;
                assertThat(s.error()).as(context).isNotBlank();
                // a refused header emits nothing; a file cut mid-way is deleted by the job
                if (s.error().contains("header") || s.error().contains("empty file")) {
                    assertThat(rows).as(context).isEmpty();
                }
                continue;
            }
            accepted++;
            long expected = dataLines(c.bytes());
            assertThat(s.dataLines()).as(context).isEqualTo(expected);
            assertThat(s.accepted() + s.rejected()).as(context).isEqualTo(expected);
            assertThat(rows).as(context).hasSize((int) s.accepted());
            assertThat(rejects.value()).as(context).hasSize((int) s.rejected())
                    .allSatisfy(rej -> assertThat(rej.reason()).isNotBlank());
            // bronze's view of the same file: every data line as landed, and the same count
            List<Row> lines = read(file, LandingFileParser.Emit.LINES_UNCHECKED, new CollectionAccumulator<>(), null);
            assertThat(lines).as(context).hasSize((int) expected);
            linesSeen += expected;
            rejectedSeen += s.rejected();
        }
        System.out.printf("fuzz: %d files (seed %d): %d read, %d refused; %d data lines, %d rejected%n", FILES, SEED,
                accepted, refused, linesSeen, rejectedSeen);
        // the mutations reach both outcomes and both kinds of line
        assertThat(accepted).isGreaterThan(FILES / 2);
        assertThat(refused).isPositive();
        assertThat(rejectedSeen).isPositive();
        assertThat(linesSeen).isGreaterThan(rejectedSeen);
    }
}
