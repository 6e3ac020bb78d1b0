package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Reads landing files inside a Spark task, one after another, counting lines itself (so rejects
 * carry exact line numbers). It reads .csv, .csv.gz and .zip and fingerprints the stored bytes
 * as they stream past (SHA-256).
 *
 * <p>In {@link Emit#ACCEPTED} mode it yields the accepted rows ({@link OptionEodSchema#ACCEPTED})
 * and reports on the side, through accumulators, one {@link FileSummary} per file and the
 * rejected lines (up to {@value #MAX_SIDE_REJECTS} a file; beyond that the summary says so and a
 * second pass in {@link Emit#REJECTED} mode yields them as rows). In {@link Emit#LINES} mode it
 * yields every data line as landed ({@link OptionEodSchema#LINES}), validating as it goes for
 * the same summaries and rejects; {@link Emit#LINES_UNCHECKED} yields the lines of files already
 * validated, without parsing them again (its summaries carry the fingerprint and line counts). A
 * file that cannot be read ends with an error in its summary; the task goes on with the next
 * file.
 *
 * <p>Longer than most classes because its one job is one state machine ({@code RecordIterator}:
 * open, decompress, entry by entry, count, validate, fingerprint, summarise) whose state is shared
 * by every step; the line rules live in {@link OptionRowParser}, the streams in
 * {@link CountingInputStream} and {@link LimitedInputStream}.
 */
public final class LandingFileParser implements FlatMapFunction<Iterator<LandingFileParser.Input>, Row> {
    private static final long serialVersionUID = 1L;

    /** Rejected lines carried to the driver per file; more are re-read as rows. */
    public static final int MAX_SIDE_REJECTS = 10_000;

    /** Longest line kept, in characters; a vendor line is about 250. Longer lines are rejected, cut to this. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    /** Separates an archive's path from an entry's name in {@code source_file}. */
    public static final String ENTRY_SEPARATOR = "!/";

    /** One file of a batch, with its position in landing order. */
    public record Input(int seq, LandingFile file) implements Serializable {
    }

    /** Which lines become rows. */
    public enum Emit {
        /** Typed accepted rows; summaries and rejects on the side. */
        ACCEPTED,
        /** Rejected lines with their reasons. */
        REJECTED,
        /** Every data line as landed; summaries and rejects on the side. */
        LINES,
        /** Every data line as landed, not parsed; summaries with fingerprints and line counts only. */
        LINES_UNCHECKED,
        /** No rows: the files are validated for their summaries only. */
        NOTHING;

        boolean parses() {
            return this != LINES_UNCHECKED;
        }
    }

    private static final List<String> COLUMNS = CboeLayout.CALCS_COLUMNS;
    private static final int DATA = COLUMNS.size();
    private static final int[] KEY = {COLUMNS.indexOf("underlying_symbol"), COLUMNS.indexOf("quote_date"),
        COLUMNS.indexOf("root"), COLUMNS.indexOf("expiration"), COLUMNS.indexOf("strike"),
        COLUMNS.indexOf("option_type")};
    private static final int QUOTE_DATE = COLUMNS.indexOf("quote_date");

    private final HadoopConf conf;
    private final long maxUncompressedBytes;
    private final Emit emit;
    private final CollectionAccumulator<FileSummary> summaries;
    private final CollectionAccumulator<RejectedLine> rejects;

    LandingFileParser(HadoopConf conf, long maxUncompressedBytes, Emit emit, CollectionAccumulator<FileSummary> summaries,
            CollectionAccumulator<RejectedLine> rejects) {
        this.conf = conf;
        this.maxUncompressedBytes = maxUncompressedBytes;
        this.emit = emit;
        this.summaries = summaries;
        this.rejects = rejects;
    }

    @Override
    public Iterator<Row> call(Iterator<Input> inputs) {
        return new RecordIterator(inputs);
    }

    /** Reads one file at a time, lazily, so a 1.5 GB file never sits in memory. */
    private final class RecordIterator implements Iterator<Row> {
        private final Iterator<Input> inputs;

        private Input current;
        private FileSystem fs;
        private Path path;
        private InputStream raw;
        /** The stored bytes read so far (before decompression): the file's size once drained. */
        private CountingInputStream counted;
        private DigestInputStream digesting;
        private InputStream content;
        private ZipInputStream zip;
        /** Where the current lines come from: the file, or an archive's entry ({@code a.zip!/b.csv}). */
        private String source;
        private LineReader reader;
        private OptionRowParser parser;
        private CboeLayout.Variant variant;
        /** An archive's layout, from its first entry: the others must have it too. */
        private CboeLayout.Variant entryVariant;
        private long linesBefore;
        private String failed;
        private long lineNumber;
        private long dataLines;
        private long accepted;
        private long rejected;
        private long emitted;
        private final TreeSet<LocalDate> quoteDates = new TreeSet<>();
        private final KeyFingerprints keys = new KeyFingerprints();
        private boolean duplicateKeys;
        private Row next;

        RecordIterator(Iterator<Input> inputs) {
            this.inputs = inputs;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (current == null) {
                    if (!inputs.hasNext()) {
                        return false;
                    }
                    open(inputs.next());
                }
                next = advance();
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        private void open(Input input) {
            current = input;
            lineNumber = 0;
            dataLines = 0;
            accepted = 0;
            rejected = 0;
            emitted = 0;
            quoteDates.clear();
            keys.clear();
            duplicateKeys = false;
            variant = null;
            entryVariant = null;
            linesBefore = 0;
            failed = null;
            try {
                path = new Path(input.file().path());
                fs = path.getFileSystem(conf.get());
                raw = fs.open(path, 1 << 20);
                counted = new CountingInputStream(raw);
                digesting = new DigestInputStream(counted, MessageDigest.getInstance("SHA-256"));
                String name = input.file().name().toLowerCase(Locale.ROOT);
                source = input.file().path();
                if (name.endsWith(".zip")) {
                    zip = new ZipInputStream(digesting);
                    content = new LimitedInputStream(zip, maxUncompressedBytes, input.file().name());
                    if (!nextCsvEntry()) {
                        throw new IOException("not a zip archive, or no .csv entry in it");
                    }
                } else {
                    content = new LimitedInputStream(name.endsWith(".gz") ? new GZIPInputStream(digesting, 1 << 16)
                            : digesting, maxUncompressedBytes, input.file().name());
                }
                reader = new LineReader(new InputStreamReader(content, StandardCharsets.UTF_8), MAX_LINE_CHARS);
            } catch (IOException | NoSuchAlgorithmException e) {
                failed = describe(e);
            }
        }

        /** The next row to emit, or null once the current file is finished (summary reported). */
        private Row advance() {
            if (failed != null) {
                finish(failed);
                return null;
            }
            try {
                while (true) {
                    String line = reader.readLine();
                    if (line == null) {
                        if (variant == null) {
                            finish(zip == null ? "empty file: no header line" : "empty entry " + source + ": no header line");
                            return null;
                        }
                        if (zip != null && nextCsvEntry()) {
                            // the next entry of the archive: its own header and line numbers
                            reader = new LineReader(new InputStreamReader(content, StandardCharsets.UTF_8), MAX_LINE_CHARS);
                            linesBefore += lineNumber;
                            lineNumber = 0;
                            entryVariant = variant;
                            variant = null;
                            continue;
                        }
                        finish(null);
                        return null;
                    }
                    lineNumber++;
                    if (variant == null) {
                        String problem = header(line);
                        if (problem != null) {
                            finish(problem);
                            return null;
                        }
                        continue;
                    }
                    if (line.isEmpty()) {
                        continue; // blank lines carry no data: neither accepted nor rejected
                    }
                    dataLines++;
                    if (!emit.parses()) {
                        emitted++;
                        return RowFactory.create(source, lineNumber, line, reader.truncated());
                    }
                    Row asLanded = emit == Emit.LINES ? RowFactory.create(source, lineNumber, line, reader.truncated())
                            : null;
                    if (reader.truncated()) {
                        rejected++;
                        String reason = "line longer than " + MAX_LINE_CHARS + " characters (kept cut to that length)";
                        if (emit == Emit.REJECTED) {
                            return RowFactory.create(source, lineNumber, line, reason);
                        }
                        if (rejects != null && rejected <= MAX_SIDE_REJECTS) {
                            rejects.add(new RejectedLine(current.file().path(), source, lineNumber, line, reason));
                        }
                        if (asLanded != null) {
                            emitted++;
                            return asLanded;
                        }
                        continue;
                    }
                    if (parser.parse(line)) {
                        accepted++;
                        Object[] v = parser.values();
                        if (quoteDates.size() < 1000) {
                            quoteDates.add((LocalDate) v[QUOTE_DATE]);
                        }
                        if (!duplicateKeys && !keys.add(KeyFingerprints.of((String) v[KEY[0]], (LocalDate) v[KEY[1]],
                                (String) v[KEY[2]], (LocalDate) v[KEY[3]], (BigDecimal) v[KEY[4]], (String) v[KEY[5]]))) {
                            duplicateKeys = true; // from here on the batch de-duplicates anyway
                        }
                        if (emit == Emit.ACCEPTED) {
                            emitted++;
                            Object[] row = Arrays.copyOf(v, DATA + 2);
                            row[DATA] = source;
                            row[DATA + 1] = lineNumber;
                            return RowFactory.create(row);
                        }
                    } else {
                        rejected++;
                        if (emit == Emit.REJECTED) {
                            return RowFactory.create(source, lineNumber, line, parser.reason());
                        }
                        if (rejects != null && rejected <= MAX_SIDE_REJECTS) {
                            rejects.add(new RejectedLine(current.file().path(), source, lineNumber, line, parser.reason()));
                        }
                    }
                    if (asLanded != null) {
                        emitted++;
                        return asLanded;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                finish(describe(e));
                return null;
            }
        }

        /** Recognises the header line; returns what is wrong with it, or null. */
        private String header(String line) {
            String h = line.startsWith("\uFEFF") ? line.substring(1) : line;
            CsvLineSplitter s = new CsvLineSplitter();
            int n = s.split(h);
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = s.field(i);
            }
            Optional<CboeLayout.Variant> v = CboeLayout.variantOfHeader(Arrays.asList(names));
            if (v.isEmpty()) {
                String shown = h.length() > 120 ? h.substring(0, 120) + "..." : h;
                return "missing or unrecognised header on line 1: expected the Cboe EOD Calcs header ("
                        + CboeLayout.CALCS_COLUMNS.size() + " columns) or Quotes header ("
                        + CboeLayout.QUOTES_COLUMNS.size() + " columns), found " + n + " columns: '" + shown + "'";
            }
            if (entryVariant != null && v.get() != entryVariant) {
                return "entry " + source + " has the " + v.get().name() + " layout, an earlier entry the "
                        + entryVariant.name() + " layout: an archive must hold one layout";
            }
            variant = v.get();
            parser = new OptionRowParser(variant);
            return null;
        }

        /**
         * Moves to the archive's next .csv entry; false when there is none. An entry whose name
         * would escape a folder it were extracted to (zip slip) refuses the whole archive.
         */
        private boolean nextCsvEntry() throws IOException {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (unsafeEntryName(name)) {
                    throw new IOException("unsafe entry name '" + name + "' (an absolute path or a '..' step,"
                            + " as in a zip-slip attack): the archive is refused");
                }
                if (!e.isDirectory() && name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    source = current.file().path() + ENTRY_SEPARATOR + name;
                    return true;
                }
            }
            return false;
        }

        private void finish(String error) {
            String fingerprint = null;
            if (digesting != null) {
                try {
                    // the rest of the stored bytes (a zip's central directory) still counts; a
                    // failed file is fingerprinted too, so a later run can tell it is unchanged
                    byte[] buf = new byte[1 << 16];
                    while (digesting.read(buf) >= 0) {
                        // draining for the digest
                    }
                    fingerprint = "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
                } catch (IOException e) {
                    if (error == null) {
                        error = describe(e);
                    }
                }
            }
            if (error == null) {
                error = changedSinceListed();
            }
            closeQuietly();
            if (summaries != null) {
                summaries.add(new FileSummary(current.file().path(), current.seq(), current.file().size(), fingerprint,
                        variant == null ? null : variant.name(), linesBefore + lineNumber, dataLines, accepted, rejected,
                        quoteDates.stream().map(LocalDate::toString).collect(Collectors.joining(",")), duplicateKeys,
                        error, emitted, rejected > MAX_SIDE_REJECTS));
            }
            current = null;
        }

        private void closeQuietly() {
            try {
                if (reader != null) {
                    reader.close();
                } else if (raw != null) {
                    raw.close();
                }
            } catch (IOException ignored) {
                // nothing left to read from it
            }
            reader = null;
            raw = null;
            counted = null;
            digesting = null;
            content = null;
            zip = null;
        }

        /**
         * Why the bytes read are not the file as listed (its size, modification time), or null:
         * a file still being written, or replaced while it was read, must not count as loaded.
         */
        private String changedSinceListed() {
            LandingFile listed = current.file();
            String again = ": load it again once it is complete";
            if (counted.count() != listed.size()) {
                return "the file changed while it was being loaded (listed at " + listed.size() + " bytes, "
                        + counted.count() + " bytes read)" + again;
            }
            try {
                FileStatus now = fs.getFileStatus(path);
                if (now.getLen() != listed.size() || !sameModificationTime(path, now.getModificationTime(),
                        listed.modifiedAtMillis())) {
                    return "the file changed while it was being loaded (listed at " + listed.size() + " bytes, modified "
                            + java.time.Instant.ofEpochMilli(listed.modifiedAtMillis()) + "; now " + now.getLen()
                            + " bytes, modified " + java.time.Instant.ofEpochMilli(now.getModificationTime()) + ")"
                            + again;
                }
                return null;
            } catch (IOException e) {
                return "the file disappeared or cannot be read while it was being loaded (" + e.getMessage() + ")"
                        + again;
            }
        }

        private String describe(Exception e) {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String where = lineNumber > 0 ? " (after line " + lineNumber
                    + (zip != null && source != null ? " of " + source : "") + ")" : "";
            return "cannot read file" + where + ": " + what;
        }
    }

    /** Whether an archive entry's name is absolute or climbs out of its folder. */
    static boolean unsafeEntryName(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String step : n.split("/")) {
            if (step.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two modification times of a file are the same. A local file's listing and status
     * come from the same stat; an object store's listing may carry milliseconds where a HEAD
     * request's Last-Modified header has whole seconds, so there seconds are compared.
     */
    static boolean sameModificationTime(Path path, long a, long b) {
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file") ? a == b : Math.floorDiv(a, 1000) == Math.floorDiv(b, 1000);
    }
}
