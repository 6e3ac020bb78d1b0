package dev.tradingpipeline.jobs.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Stops reading past a limit of uncompressed bytes: a decompression bomb fails its file. */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final String file;
    private long count;

    LimitedInputStream(InputStream in, long limit, String file) {
        super(in);
        this.limit = limit;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new IOException(file + " holds more than " + limit + " bytes uncompressed (ingest.max-uncompressed-size):"
                    + " refused as a possible decompression bomb; raise the limit if the file is genuine");
        }
    }
}
