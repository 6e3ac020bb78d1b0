package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.jobs.cboe.CboeLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Reads landing files inside a Spark task, one file after another, and yields one record per
 * data line (accepted row or reject) and one summary record per file, in the layout of
 * {@link OptionEodSchema#PARSED}. It counts lines itself (so rejects carry exact line numbers),
 * reads .csv, .csv.gz and .zip, and fingerprints the bytes as they stream past (SHA-256 of the
 * file as stored). A file that cannot be read yields a summary with {@code file_error} set;
 * the other files of the task go on.
 */
public final class LandingFileParser implements FlatMapFunction<Iterator<LandingFileParser.Input>, Row> {
    private static final long serialVersionUID = 1L;

    /** One file of a batch, with its position in landing order. */
    public record Input(int seq, LandingFile file) implements Serializable {
    }

    private static final int DATA = OptionEodSchema.DATA_FIELDS.size();
    private static final int WIDTH = OptionEodSchema.PARSED.size();
    private static final int KIND = DATA;
    private static final int SOURCE = DATA + 1;
    private static final int SEQ = DATA + 2;
    private static final int LINE = DATA + 3;
    private static final int RAW = DATA + 4;
    private static final int REASON = DATA + 5;
    private static final int SIZE = DATA + 6;
    private static final int FINGERPRINT = DATA + 7;
    private static final int VARIANT = DATA + 8;
    private static final int DATA_LINES = DATA + 9;
    private static final int ACCEPTED = DATA + 10;
    private static final int REJECTED = DATA + 11;
    private static final int QUOTE_DATES = DATA + 12;
    private static final int ERROR = DATA + 13;
    private static final int DUPLICATE_KEYS = DATA + 14;
    private static final List<String> COLUMNS = CboeLayout.CALCS_COLUMNS;
    private static final int[] KEY = {COLUMNS.indexOf("underlying_symbol"), COLUMNS.indexOf("quote_date"),
        COLUMNS.indexOf("root"), COLUMNS.indexOf("expiration"), COLUMNS.indexOf("strike"),
        COLUMNS.indexOf("option_type")};
    private static final int QUOTE_DATE_COLUMN = CboeLayout.CALCS_COLUMNS.indexOf("quote_date");

    private final HadoopConf conf;

    LandingFileParser(HadoopConf conf) {
        this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<Input> inputs) {
        return new RecordIterator(inputs, conf);
    }

    /** Reads one file at a time; lazily, so a 1.5 GB file never sits in memory. */
    private static final class RecordIterator implements Iterator<Row> {
        private final Iterator<Input> inputs;
        private final HadoopConf conf;

        private Input current;
        private InputStream raw;
        private DigestInputStream digesting;
        private BufferedReader reader;
        private OptionRowParser parser;
        private CboeLayout.Variant variant;
        private long lineNumber;
        private long dataLines;
        private long accepted;
        private long rejected;
        private final TreeSet<LocalDate> quoteDates = new TreeSet<>();
        private final KeyFingerprints keys = new KeyFingerprints();
        private boolean duplicateKeys;
        private Row next;

        RecordIterator(Iterator<Input> inputs, HadoopConf conf) {
            this.inputs = inputs;
            this.conf = conf;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (current == null) {
                    if (!inputs.hasNext()) {
                        return false;
                    }
                    open(inputs.next());
                    continue;
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
            quoteDates.clear();
            keys.clear();
            duplicateKeys = false;
            variant = null;
            try {
                Path path = new Path(input.file().path());
                FileSystem fs = path.getFileSystem(conf.get());
                raw = fs.open(path, 1 << 20);
                digesting = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"));
                reader = new BufferedReader(new InputStreamReader(decompress(input.file().name(), digesting),
                        StandardCharsets.UTF_8), 1 << 20);
            } catch (IOException | NoSuchAlgorithmException e) {
                failed = describe(e);
            }
        }

        /** Set when the current file cannot be read further; its summary reports it. */
        private String failed;

        private Row advance() {
            if (failed != null) {
                return finish(failed);
            }
            try {
                while (true) {
                    String line = reader.readLine();
                    if (line == null) {
                        return finish(variant == null ? "empty file: no header line" : null);
                    }
                    lineNumber++;
                    if (variant == null) {
                        String problem = header(line);
                        if (problem != null) {
                            return finish(problem);
                        }
                        continue;
                    }
                    if (line.isEmpty()) {
                        continue; // blank lines carry no data: neither accepted nor rejected
                    }
                    dataLines++;
                    Object[] values;
                    if (parser.parse(line)) {
                        accepted++;
                        values = Arrays.copyOf(parser.values(), WIDTH);
                        if (quoteDates.size() < 1000) {
                            quoteDates.add((LocalDate) values[QUOTE_DATE_COLUMN]);
                        }
                        values[KIND] = OptionEodSchema.KIND_ROW;
                        if (!duplicateKeys && !keys.add(KeyFingerprints.of((String) values[KEY[0]],
                                (LocalDate) values[KEY[1]], (String) values[KEY[2]], (LocalDate) values[KEY[3]],
                                (java.math.BigDecimal) values[KEY[4]], (String) values[KEY[5]]))) {
                            duplicateKeys = true; // from here on the batch de-duplicates anyway
                        }
                    } else {
                        rejected++;
                        values = new Object[WIDTH];
                        values[KIND] = OptionEodSchema.KIND_REJECT;
                        values[RAW] = line;
                        values[REASON] = parser.reason();
                    }
                    fillLineage(values);
                    return RowFactory.create(values);
                }
            } catch (IOException | UncheckedIOException e) {
                return finish(describe(e));
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
            variant = v.get();
            parser = new OptionRowParser(variant);
            return null;
        }

        private void fillLineage(Object[] values) {
            values[SOURCE] = current.file().path();
            values[SEQ] = current.seq();
            values[LINE] = lineNumber;
        }

        private Row finish(String error) {
            String fingerprint = null;
            if (error == null) {
                try {
                    // the rest of the stored bytes (a zip's central directory) still counts
                    byte[] buf = new byte[1 << 16];
                    while (digesting.read(buf) >= 0) {
                        // draining for the digest
                    }
                    fingerprint = "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
                } catch (IOException e) {
                    error = describe(e);
                }
            }
            closeQuietly();
            Object[] values = new Object[WIDTH];
            values[KIND] = OptionEodSchema.KIND_FILE;
            fillLineage(values);
            values[LINE] = lineNumber;
            values[SIZE] = current.file().size();
            values[FINGERPRINT] = fingerprint;
            values[VARIANT] = variant == null ? null : variant.name();
            values[DATA_LINES] = dataLines;
            values[ACCEPTED] = accepted;
            values[REJECTED] = rejected;
            values[QUOTE_DATES] = quoteDates.stream().map(LocalDate::toString).collect(Collectors.joining(","));
            values[ERROR] = error;
            values[DUPLICATE_KEYS] = duplicateKeys;
            current = null;
            failed = null;
            return RowFactory.create(values);
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
            digesting = null;
        }

        private String describe(Exception e) {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String where = lineNumber > 0 ? " (after line " + lineNumber + ")" : "";
            return "cannot read file" + where + ": " + what;
        }
    }

    /** Wraps the stored bytes in the decompressor the file name calls for. */
    static InputStream decompress(String name, InputStream in) throws IOException {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (n.endsWith(".zip")) {
            ZipInputStream zip = new ZipInputStream(in);
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (!e.isDirectory() && e.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    return zip;
                }
            }
            throw new IOException("not a zip archive, or no .csv entry in it");
        }
        return in;
    }
}
