package io.memguard.internal;

import java.util.Locale;

/**
 * Formats byte counts for messages that people read, in the largest binary unit below 1024 and with one decimal
 * only where it is not zero: {@code 512 MiB}, {@code 1.5 GiB}, {@code 1023 B}.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class ByteSizes {

    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB" };

    private ByteSizes() {
    }

    /**
     * Formats a byte count.
     *
     * @param bytes the count, negative for a deficit
     * @return the count for people, such as {@code 1.5 GiB}
     */
    public static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%d %s", (long) value, UNITS[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
