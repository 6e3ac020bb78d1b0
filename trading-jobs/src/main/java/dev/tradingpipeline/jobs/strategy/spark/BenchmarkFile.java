package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSeries;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A benchmark series from its CSV, read on the driver through Hadoop's file systems (a local path
 * or s3://) before any data: a header line {@code date,value}, then one row per date, dates
 * (yyyy-MM-dd, or M/d/yyyy as Cboe publishes its index histories) strictly increasing, values
 * numbers above zero; blank lines are skipped. Every bad line is reported at once (the first
 * {@value #MAX_LISTED}, then a count), each with the file, the line and what is wrong.
 */
final class BenchmarkFile {

    /** Bad lines listed in one error; the rest are counted. */
    static final int MAX_LISTED = 20;

    private BenchmarkFile() {
    }

    /**
     * The series of every CSV benchmark among {@code specs}, by location, each file read once;
     * the problems of all files in one {@link ConfigException}.
     */
    static Map<String, BenchmarkSeries> read(Collection<BenchmarkSpec> specs, Configuration hadoop) {
        Map<String, BenchmarkSeries> byLocation = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (BenchmarkSpec spec : specs) {
            if (spec.kind() != BenchmarkSpec.Kind.CSV || byLocation.containsKey(spec.csv())) {
                continue;
            }
            try {
                byLocation.put(spec.csv(), read(spec, hadoop));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        return byLocation;
    }

    static BenchmarkSeries read(BenchmarkSpec spec, Configuration hadoop) {
        Path path = new Path(spec.csv());
        try (Reader in = new InputStreamReader(path.getFileSystem(hadoop).open(path), StandardCharsets.UTF_8)) {
            return parse(in, spec.csv(), spec);
        } catch (FileNotFoundException e) {
            throw new ConfigException(spec.where() + ".csv: benchmark series " + spec.csv() + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benchmark series " + spec.csv(), e);
        }
    }

    /** {@code source} names the file in messages. */
    static BenchmarkSeries parse(Reader reader, String source, BenchmarkSpec spec) throws IOException {
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        Map<LocalDate, Integer> lineOf = new HashMap<>();
        List<String> problems = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        boolean header = false;
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String text = n == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (text.isBlank()) {
                continue;
            }
            String at = source + ":" + n + ": ";
            String[] f = text.split(",", -1);
            boolean first = !header;
            if (first) {
                header = true;
                if (f.length == 2 && f[0].trim().equalsIgnoreCase("date") && f[1].trim().equalsIgnoreCase("value")) {
                    continue;
                }
                problems.add(at + "missing header: expected date,value, got '" + text.trim() + "'");
                // the rows after it are checked all the same; this line too, when it is one
            }
            List<String> wrong = new ArrayList<>();
            LocalDate date = null;
            Double value = null;
            if (f.length != 2) {
                wrong.add("expected 2 fields date,value, got " + f.length);
            } else {
                date = CsvDates.parse(f[0].trim());
                if (date == null) {
                    wrong.add("date: expected yyyy-MM-dd or M/d/yyyy, got '" + f[0].trim() + "'");
                }
                value = value(f[1].trim(), wrong);
                if (date != null) {
                    Integer earlier = lineOf.get(date);
                    LocalDate previous = dates.isEmpty() ? null : dates.get(dates.size() - 1);
                    if (earlier != null) {
                        wrong.add("date " + date + " is also on line " + earlier);
                    } else if (previous != null && date.isBefore(previous)) {
                        wrong.add("date " + date + " is before " + previous + " on line " + lineOf.get(previous)
                                + ": dates must increase");
                    }
                }
            }
            if (!wrong.isEmpty()) {
                if (!first) { // a line in place of the header is reported once, as such
                        problems.add(at + String.join("; ", wrong));
                }
                continue;
            }
            lineOf.put(date, n);
            dates.add(date);
            values.add(value);
        }
        if (!header) {
            problems.add(source + ": empty: expected the header date,value and one row per date");
        } else if (dates.isEmpty() && problems.isEmpty()) {
            problems.add(source + ": no rows after the header date,value");
        }
        if (!problems.isEmpty()) {
            List<String> listed = new ArrayList<>(problems.subList(0, Math.min(MAX_LISTED, problems.size())));
            if (problems.size() > MAX_LISTED) {
                listed.add("... and " + (problems.size() - MAX_LISTED) + " more bad line(s)");
            }
            throw new ConfigException("Invalid benchmark series " + spec.name() + " (" + spec.where()
                    + ".csv):\n  - " + String.join("\n  - ", listed));
        }
        return new BenchmarkSeries(spec.name(), dates, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Double value(String s, List<String> wrong) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
            wrong.add("value: expected a number > 0, got '" + s + "'");
        } catch (NumberFormatException e) {
            wrong.add("value: expected a number, got '" + s + "'");
        }
        return null;
    }

}
