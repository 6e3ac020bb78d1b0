package dev.tradingpipeline.core.config;

import java.util.Locale;

/** Spark memory sizes ({@code 512m}, {@code 2g}, {@code 2gb}), as the sizing keys give them. */
public final class MemorySizes {

    private MemorySizes() {
    }

    /**
     * A Spark memory size in MiB; a number without unit is MiB, as Spark reads it. Both targets'
     * capacity checks read sizes with it (the spark target's workers, the emr target's quota).
     */
    public static long mib(String memory) {
        String m = memory.trim().toLowerCase(Locale.ROOT);
        if (m.length() > 2 && m.endsWith("b") && Character.isLetter(m.charAt(m.length() - 2))) {
            m = m.substring(0, m.length() - 1);
        }
        char unit = m.charAt(m.length() - 1);
        if (Character.isDigit(unit)) {
            return Long.parseLong(m);
        }
        long n = Long.parseLong(m.substring(0, m.length() - 1));
        return switch (unit) {
            case 'k' -> n / 1024;
            case 'm' -> n;
            case 'g' -> n * 1024;
            case 't' -> n * 1024 * 1024;
            default -> throw new IllegalArgumentException("not a memory size: " + memory);
        };
    }
}
