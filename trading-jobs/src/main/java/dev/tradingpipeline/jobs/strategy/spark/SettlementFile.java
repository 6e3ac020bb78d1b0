package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.engine.SettlementStyles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The settlement table of {@code paths.settlements}, read on the driver: a CSV of
 * {@code symbol,date,value} rows as the exchange publishes settlement values (an optional header
 * line, dates as yyyy-MM-dd or M/d/yyyy, blank lines and {@code #} comments skipped). Every bad
 * line is reported at once, naming the file and the line.
 */
final class SettlementFile {

    private SettlementFile() {
    }

    /** The configured AM roots and, when {@code paths.settlements} is set, its values. */
    static SettlementStyles styles(TradingConfig config, Configuration hadoop) {
        List<String> amRoots = config.getList(ConfigKeys.SETTLEMENT_AM_ROOTS);
        if (config.get(ConfigKeys.PATHS_SETTLEMENTS).isBlank()) {
            return new SettlementStyles(new HashSet<>(amRoots), Map.of());
        }
        String location = config.location(ConfigKeys.PATHS_SETTLEMENTS);
        Path path = new Path(location);
        try (Reader in = new InputStreamReader(path.getFileSystem(hadoop).open(path), StandardCharsets.UTF_8)) {
            return new SettlementStyles(new HashSet<>(amRoots), parse(in, location));
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException(ConfigKeys.PATHS_SETTLEMENTS + ": settlement table " + location
                    + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the settlement table " + location, e);
        }
    }

    /** Values by {@link SettlementStyles#key}; {@code source} names the file in messages. */
    static Map<String, Double> parse(Reader reader, String source) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String text = n == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (text.isBlank() || text.trim().startsWith("#")) {
                continue;
            }
            String[] f = text.split(",", -1);
            if (n == 1 && f.length == 3 && f[0].trim().equalsIgnoreCase("symbol")) {
                continue; // header
            }
            String at = source + ":" + n + ": ";
            if (f.length != 3) {
                problems.add(at + "expected 3 fields symbol,date,value, got " + f.length);
                continue;
            }
            String symbol = f[0].trim();
            if (symbol.isEmpty()) {
                problems.add(at + "symbol is empty");
            }
            LocalDate date = CsvDates.parse(f[1].trim());
            if (date == null) {
                problems.add(at + "date: expected yyyy-MM-dd or M/d/yyyy, got '" + f[1].trim() + "'");
            }
            Double value = null;
            try {
                double v = Double.parseDouble(f[2].trim());
                if (Double.isFinite(v) && v > 0) {
                    value = v;
                } else {
                    problems.add(at + "value: expected a price > 0, got '" + f[2].trim() + "'");
                }
            } catch (NumberFormatException e) {
                problems.add(at + "value: expected a number, got '" + f[2].trim() + "'");
            }
            if (symbol.isEmpty() || date == null || value == null) {
                continue;
            }
            String key = SettlementStyles.key(symbol, date);
            Double before = values.putIfAbsent(key, value);
            if (before != null && !before.equals(value)) {
                problems.add(at + symbol + " on " + date + " is " + f[2].trim() + " here but " + before + " on line "
                        + lineOf.get(key));
            }
            lineOf.putIfAbsent(key, n);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid settlement table (" + ConfigKeys.PATHS_SETTLEMENTS + "):\n  - "
                    + String.join("\n  - ", problems));
        }
        return values;
    }
}
