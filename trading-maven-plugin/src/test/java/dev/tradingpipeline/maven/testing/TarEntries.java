package dev.tradingpipeline.maven.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Lists the entries of a (gzipped) tar archive, such as an image layer blob: ustar headers with
 * their prefix field, PAX {@code path} records and GNU long names. Java has no tar reader; this
 * is enough to look inside a layer.
 */
public final class TarEntries {

    private static final int BLOCK = 512;

    /** One entry; {@code name} without a leading {@code /} or {@code ./}. */
    public record Entry(String name, char type, int mode, long size, long modificationTime, byte[] content) {

        public boolean isFile() {
            return type == '0' || type == '\0';
        }

        public boolean isDirectory() {
            return type == '5';
        }
    }

    private TarEntries() {
    }

    public static List<Entry> readGzipped(byte[] gzippedTar) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzippedTar))) {
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("not a gzipped tar: " + e.getMessage(), e);
        }
    }

    public static List<Entry> read(byte[] tar) {
        List<Entry> entries = new ArrayList<>();
        String nextName = null;
        int offset = 0;
        while (offset + BLOCK <= tar.length) {
            byte[] header = Arrays.copyOfRange(tar, offset, offset + BLOCK);
            if (allZero(header)) {
                break; // end of archive
            }
            String name = text(header, 0, 100);
            int mode = (int) number(header, 100, 8);
            long size = number(header, 124, 12);
            long mtime = number(header, 136, 12);
            char type = (char) header[156];
            if (text(header, 257, 5).equals("ustar")) {
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            int dataStart = offset + BLOCK;
            byte[] content = Arrays.copyOfRange(tar, dataStart, (int) (dataStart + size));
            offset = dataStart + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
            switch (type) {
                case 'x' -> nextName = paxPath(content); // applies to the next entry
                case 'g' -> {
                    // global PAX header: nothing we need
                }
                case 'L' -> nextName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                default -> {
                    if (nextName != null) {
                        name = nextName;
                        nextName = null;
                    }
                    entries.add(new Entry(normalize(name), type, mode, size, mtime, content));
                }
            }
        }
        return entries;
    }

    private static String paxPath(byte[] records) {
        String text = new String(records, StandardCharsets.UTF_8);
        String path = null;
        int i = 0;
        while (i < text.length()) {
            int space = text.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(text.substring(i, space));
            String record = text.substring(space + 1, i + length - 1); // without the newline
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            i += length;
        }
        return path;
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n;
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private static long number(byte[] header, int from, int length) {
        if ((header[from] & 0x80) != 0) { // base-256 for big values
            long value = header[from] & 0x7f;
            for (int i = from + 1; i < from + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String octal = text(header, from, length).trim();
        return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
