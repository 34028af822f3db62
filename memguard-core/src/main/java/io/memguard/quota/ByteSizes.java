package io.memguard.quota;

import java.util.Locale;

/** Formats byte counts for messages that people read. */
final class ByteSizes {

    private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB" };

    private ByteSizes() {
    }

    static String format(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
