package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Types bronze's landed lines again: for each line its file's layout (told by the file's header,
 * recorded when the file was read) and the same parser as the landing reader, so silver can be
 * built from bronze alone. Lines the parser rejects are skipped: the rejects table has them, with
 * their reasons, from the first read. So are lines kept cut ({@code line_cut}; for rows written
 * before that column, any line of {@link LandingFileParser#MAX_LINE_CHARS} or more): what is left
 * of a cut line may well parse, and must never stand for the line that landed.
 *
 * <p>Input columns: {@code source_file, line_number, raw_line, ingested_at, batch_id, line_cut};
 * output {@link OptionEodSchema#TYPED_LINES}.
 */
final class BronzeLineParser implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private static final int DATA = CboeLayout.CALCS_COLUMNS.size();

    /** Landing path to the name of its {@link CboeLayout.Variant}. */
    private final Map<String, String> variants;

    BronzeLineParser(Map<String, String> variants) {
        this.variants = new HashMap<>(variants);
    }

    /** Whether a bronze line was kept cut: its flag, or for rows without one, its length. */
    static boolean cut(String line, Boolean lineCut) {
        return lineCut != null ? lineCut : line.length() >= LandingFileParser.MAX_LINE_CHARS;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> lines) {
        Map<String, OptionRowParser> parsers = new HashMap<>();
        return new Iterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && lines.hasNext()) {
                    Row in = lines.next();
                    String path = in.getString(0);
                    OptionRowParser parser = parsers.computeIfAbsent(path, p -> {
                        int entry = p.indexOf(LandingFileParser.ENTRY_SEPARATOR);
                        // an archive's entries share the archive's layout
                        String variant = variants.get(entry < 0 || variants.containsKey(p) ? p : p.substring(0, entry));
                        if (variant == null) {
                            throw new IllegalStateException("bronze line of " + p + " line " + in.getLong(1)
                                    + ": the file's layout is unknown (not read in this batch)");
                        }
                        return new OptionRowParser(CboeLayout.Variant.valueOf(variant));
                    });
                    String line = in.getString(2);
                    if (cut(line, in.isNullAt(5) ? null : in.getBoolean(5))) {
                        continue;
                    }
                    if (parser.parse(line)) {
                        Object[] row = Arrays.copyOf(parser.values(), DATA + 4);
                        row[DATA] = path;
                        row[DATA + 1] = in.getLong(1);
                        row[DATA + 2] = in.get(3);
                        row[DATA + 3] = in.get(4);
                        next = RowFactory.create(row);
                    }
                }
                return next != null;
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
        };
    }
}
