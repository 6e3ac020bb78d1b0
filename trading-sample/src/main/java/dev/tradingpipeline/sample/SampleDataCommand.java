package dev.tradingpipeline.sample;

import dev.tradingpipeline.core.cboe.CboeLayout;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The generator's command line: {@code --name value} options over {@link SampleSpec#defaults()}. */
final class SampleDataCommand {

    private static final String USAGE = String.join("\n",
            "usage: SampleDataGenerator --out <dir> [--start yyyy-MM-dd] [--days N] [--rows-per-day M]",
            "         [--seed S] [--compression csv|gzip|zip] [--variant calcs|quotes]",
            "         [--underlyings ^SPX,SPY,...]",
            "defaults: --start 2024-01-02 --days 20 --rows-per-day 20000 --seed 42 --compression csv",
            "          --variant calcs --underlyings ^SPX,SPY,AAPL,MSFT,NVDA");

    private SampleDataCommand() {
    }

    /** See {@link SampleDataGenerator#run}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SampleSpec spec;
        Path dir;
        try {
            SampleSpec d = SampleSpec.defaults();
            Path outDir = null;
            LocalDate start = d.startDate();
            int days = d.days();
            int rows = d.rowsPerDay();
            long seed = d.seed();
            Compression compression = d.compression();
            CboeLayout.Variant variant = d.variant();
            List<String> underlyings = d.underlyings();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                String name = arg;
                String value;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    value = null;
                }
                if (!arg.startsWith("--") || !isOption(name)) {
                    throw new IllegalArgumentException("unknown argument: " + arg);
                }
                if (value == null) {
                    throw new IllegalArgumentException(name + ": missing value");
                }
                switch (name) {
                    case "--out": outDir = parsePath(name, value); break;
                    case "--start": start = parseDate(name, value); break;
                    case "--days": days = parseInt(name, value); break;
                    case "--rows-per-day": rows = parseInt(name, value); break;
                    case "--seed": seed = parseLong(name, value); break;
                    case "--compression": compression = parseWith(name, value, Compression::parse); break;
                    case "--variant": variant = parseWith(name, value, SampleDataCommand::parseVariant); break;
                    case "--underlyings": underlyings = parseUnderlyings(value); break;
                    default: throw new IllegalStateException(name);
                }
            }
            if (outDir == null) {
                throw new IllegalArgumentException("--out: required");
            }
            dir = outDir;
            spec = new SampleSpec(start, days, rows, seed, compression, variant, underlyings);
        } catch (IllegalArgumentException e) {
            err.println("error: " + cliMessage(e.getMessage()));
            err.println(USAGE);
            return 2;
        }

        long started = System.nanoTime();
        try {
            SampleDataGenerator.GenerationResult result = new SampleDataGenerator(spec).generate(dir, out::println);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!result.skipped().isEmpty()) {
                out.println("skipped " + result.skipped().size() + " existing files");
            }
            out.println(String.format(Locale.ROOT, "generated %d files, %,d rows, %.1f MB in %.1fs",
                    result.written().size(), result.rowsWritten(), result.bytesWritten() / 1e6, seconds));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: generation failed: " + e);
            return 1;
        }
    }

    private static boolean isOption(String name) {
        switch (name) {
            case "--out": case "--start": case "--days": case "--rows-per-day": case "--seed":
            case "--compression": case "--variant": case "--underlyings":
                return true;
            default:
                return false;
        }
    }

    /** Maps spec field names in validation messages to the CLI flag names. */
    private static String cliMessage(String message) {
        if (message == null) {
            return "invalid arguments";
        }
        if (message.startsWith("rowsPerDay")) {
            return "--rows-per-day: " + message;
        }
        if (message.startsWith("days")) {
            return "--days: " + message;
        }
        if (message.startsWith("underlyings")) {
            return "--underlyings: " + message;
        }
        return message;
    }

    private static Path parsePath(String name, String value) {
        try {
            return Paths.get(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(name + ": invalid path '" + value + "'");
        }
    }

    private static LocalDate parseDate(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": not a yyyy-MM-dd date: '" + value + "'");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not an integer: '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not an integer: '" + value + "'");
        }
    }

    private static <T> T parseWith(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static CboeLayout.Variant parseVariant(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "calcs": return CboeLayout.Variant.CALCS;
            case "quotes": return CboeLayout.Variant.QUOTES;
            default: throw new IllegalArgumentException("variant must be calcs or quotes, got '" + value + "'");
        }
    }

    private static List<String> parseUnderlyings(String value) {
        List<String> symbols = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                symbols.add(s.trim());
            }
        }
        return symbols;
    }
}
