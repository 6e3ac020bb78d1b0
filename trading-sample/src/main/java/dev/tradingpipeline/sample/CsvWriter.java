package dev.tradingpipeline.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * ASCII writer with fixed-point number formatting: no String.format, no boxing, no per-field
 * allocation. Callers {@link #reserve} room before a row; field writes do not bounds-check.
 */
final class CsvWriter {
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] digits = new byte[20];
    private int pos;

    CsvWriter(OutputStream out) {
        this.out = out;
    }

    /** The ASCII bytes of {@code s}, for values written many times. */
    static byte[] asciiBytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    void reserve(int n) throws IOException {
        if (pos + n > buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    void flush() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
        out.flush();
    }

    void ascii(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < b.length; off += 4096) {
            int n = Math.min(4096, b.length - off);
            reserve(n);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
        }
    }

    void bytes(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void put(byte b) {
        buf[pos++] = b;
    }

    void comma() {
        buf[pos++] = ',';
    }

    void newline() throws IOException {
        reserve(1);
        buf[pos++] = '\n';
    }

    void integer(long v) {
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        unsigned(v);
    }

    /** Writes {@code value / 10^decimals} with exactly {@code decimals} fraction digits. */
    void scaled(long value, int decimals) {
        long v = value;
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        long pow = POW10[decimals];
        unsigned(v / pow);
        long frac = v % pow;
        buf[pos++] = '.';
        for (int i = decimals - 1; i >= 0; i--) {
            buf[pos + i] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        pos += decimals;
    }

    /** Four decimals, half-up; never prints "-0.0000". Non-finite values print as 0. */
    void fixed4(double v) {
        scaled(Double.isFinite(v) ? Math.round(v * 1e4) : 0, 4);
    }

    private void unsigned(long v) {
        if (v == 0) {
            buf[pos++] = '0';
            return;
        }
        int n = 0;
        while (v > 0) {
            digits[n++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        while (n > 0) {
            buf[pos++] = digits[--n];
        }
    }
}
