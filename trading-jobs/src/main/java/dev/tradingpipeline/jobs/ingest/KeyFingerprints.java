package dev.tradingpipeline.jobs.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A set of 64-bit fingerprints of natural keys, to tell cheaply whether a file repeats a key.
 * Equal keys always give equal fingerprints; a rare collision only makes the ingest take the
 * (correct, slower) de-duplicating path. Open addressing over a long[]: about 16 bytes a key.
 */
final class KeyFingerprints {
    private long[] slots = new long[1 << 14];
    private int size;

    static long of(String underlying, LocalDate quoteDate, String root, LocalDate expiration, BigDecimal strike,
            String optionType) {
        long h = mix(quoteDate.toEpochDay());
        h = mix(h ^ underlying.hashCode());
        h = mix(h ^ ((long) root.hashCode() << 32));
        h = mix(h ^ expiration.toEpochDay());
        h = mix(h ^ strike.unscaledValue().longValue() ^ ((long) strike.scale() << 56));
        h = mix(h ^ optionType.hashCode());
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Adds a fingerprint; false when it was already there. */
    boolean add(long fingerprint) {
        if (size * 2 >= slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) fingerprint & mask;
        while (slots[i] != 0) {
            if (slots[i] == fingerprint) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = fingerprint;
        size++;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long f : old) {
            if (f != 0) {
                add(f);
            }
        }
    }

    void clear() {
        slots = new long[1 << 14];
        size = 0;
    }
}
