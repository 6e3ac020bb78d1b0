package dev.tradingpipeline.jobs.strategy.config;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML mapping being read with its path ({@code strategies[1].legs[0]}), so that every problem
 * names where it is. A getter that finds a bad value records the problem and returns empty; the
 * caller carries on, so that one run reports everything.
 */
final class YamlMap {

    private final Map<String, Object> values;
    private final String path;
    private final Problems problems;

    YamlMap(Map<?, ?> values, String path, Problems problems) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(String.valueOf(k), v));
        this.values = copy;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    void problem(String key, String message) {
        problems.add(path(key), message);
    }

    /** A key given with a value (an empty {@code key:} counts as absent). */
    boolean has(String key) {
        return values.get(key) != null;
    }

    Object raw(String key) {
        return values.get(key);
    }

    /** Reports every key not in {@code known}, with a hint. */
    void rejectUnknown(Collection<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                String hint = Hints.didYouMean(key, known);
                problems.add(path(key), "not a known key" + (hint.isEmpty() ? "; known: " + String.join(", ", known) : hint));
            }
        }
    }

    Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            problem(key, "expected a single value, got " + describe(v));
            return Optional.empty();
        }
        String s = String.valueOf(v).trim();
        if (s.isEmpty()) {
            problem(key, "expected a value, got an empty string");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    Optional<String> oneOf(String key, List<String> allowed) {
        return string(key).flatMap(s -> {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (allowed.contains(lower)) {
                return Optional.of(lower);
            }
            problem(key, "expected " + either(allowed) + ", got '" + s + "'" + Hints.didYouMean(s, allowed));
            return Optional.empty();
        });
    }

    Optional<Double> number(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : toNumber(v, path(key), problems);
    }

    /** A number with a condition, e.g. {@code "> 0"}: {@code ok} says whether it holds. */
    Optional<Double> number(String key, java.util.function.DoublePredicate ok, String expectation) {
        return number(key).filter(d -> {
            if (ok.test(d)) {
                return true;
            }
            problem(key, "expected " + expectation + ", got " + format(d));
            return false;
        });
    }

    /** A number within one of the bounds explicit legs and families share. */
    Optional<Double> number(String key, dev.tradingpipeline.jobs.strategy.spec.LegBound bound) {
        return number(key, bound::accepts, bound.expectation());
    }

    Optional<Integer> integer(String key, int min) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        return toNumber(v, path(key), problems).flatMap(d -> {
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                problem(key, "expected a whole number, got " + format(d));
                return Optional.empty();
            }
            if (d < min) {
                problem(key, "expected a whole number >= " + min + ", got " + format(d));
                return Optional.empty();
            }
            return Optional.of((int) (double) d);
        });
    }

    Optional<LocalDate> date(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof LocalDate d) {
            return Optional.of(d);
        }
        if (v instanceof Date d) {
            return Optional.of(d.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
        }
        try {
            return Optional.of(LocalDate.parse(String.valueOf(v).trim()));
        } catch (DateTimeParseException e) {
            problem(key, "expected a date as yyyy-MM-dd, got '" + v + "'");
            return Optional.empty();
        }
    }

    Optional<YamlMap> map(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> m) {
            return Optional.of(new YamlMap(m, path(key), problems));
        }
        problem(key, "expected a mapping of keys, got " + describe(v));
        return Optional.empty();
    }

    /** A list; a single plain value is read as a list of one. */
    Optional<List<Object>> list(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof List<?> l) {
            return Optional.of(new ArrayList<>(l));
        }
        if (v instanceof Map) {
            problem(key, "expected a list, got a mapping");
            return Optional.empty();
        }
        return Optional.of(List.of(v));
    }

    Map<String, Object> entries() {
        return values;
    }

    static Optional<Double> toNumber(Object v, String path, Problems problems) {
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                double d = Double.parseDouble(s.trim());
                if (Double.isFinite(d)) {
                    return Optional.of(d);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(path, "expected a number, got " + describe(v));
        return Optional.empty();
    }

    static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }

    static String either(List<String> allowed) {
        if (allowed.size() == 1) {
            return allowed.get(0);
        }
        return String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.get(allowed.size() - 1);
    }

    /** 45 rather than 45.0; 0.2 rather than 0.20000000000000001. */
    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
