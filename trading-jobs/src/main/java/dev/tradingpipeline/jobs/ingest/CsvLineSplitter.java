package dev.tradingpipeline.jobs.ingest;

import java.util.Arrays;

/**
 * Splits one CSV line into fields without allocating per character: the vendor's files are
 * plain comma-separated, but a quoted field (RFC 4180, {@code ""} as an escaped quote) is
 * handled too. Reused across lines; not thread-safe.
 */
final class CsvLineSplitter {
    private String[] fields = new String[40];
    private int count;
    private final StringBuilder quoted = new StringBuilder();

    /** Splits the line; the fields are read with {@link #field(int)} until the next call. */
    int split(String line) {
        count = 0;
        int n = line.length();
        int start = 0;
        int i = 0;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i = readQuoted(line, i + 1);
                add(quoted.toString());
                // skip anything up to the next comma (malformed trailing text is kept out)
                while (i < n && line.charAt(i) != ',') {
                    i++;
                }
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                add(line.substring(start, end));
                i = end;
            }
            if (i >= n) {
                break;
            }
            i++; // the comma
            start = i;
            if (i == n) {
                add(""); // trailing comma: an empty last field
                break;
            }
        }
        return count;
    }

    private int readQuoted(String line, int from) {
        quoted.setLength(0);
        int i = from;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < n && line.charAt(i + 1) == '"') {
                    quoted.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            quoted.append(c);
            i++;
        }
        return i;
    }

    private void add(String s) {
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, count * 2);
        }
        fields[count++] = s;
    }

    String field(int i) {
        return fields[i];
    }

    int count() {
        return count;
    }
}
