package dev.tradingpipeline.jobs.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines as {@link java.io.BufferedReader#readLine()} does (ended by LF, CR or CRLF), but
 * never holds more than {@code maxChars} of one line: the rest of a longer line is skipped and
 * {@link #truncated()} says so. A file of one endless line (junk, or a decompression bomb of
 * zeros) costs bounded memory.
 */
final class LineReader implements Closeable {
    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int end;
    private boolean skipLf;
    private boolean truncated;
    private final StringBuilder line = new StringBuilder(512);

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its end, or null at the end of the input. */
    String readLine() throws IOException {
        line.setLength(0);
        truncated = false;
        boolean any = false;
        while (true) {
            if (pos >= end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? line.toString() : null;
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < end) {
                char c = buf[pos];
                if (c == '\n' || c == '\r') {
                    append(start, pos);
                    pos++;
                    skipLf = c == '\r';
                    return line.toString();
                }
                pos++;
            }
            append(start, pos);
            any = true;
        }
    }

    private void append(int from, int to) {
        int room = maxChars - line.length();
        int n = to - from;
        if (n > room) {
            truncated = true;
            n = Math.max(0, room);
        }
        line.append(buf, from, n);
    }

    /** Whether the last line read was longer than the limit (and so cut to it). */
    boolean truncated() {
        return truncated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
