package io.memguard.diagnostics;

import java.util.Locale;

/** Formats byte counts for people: {@code 512 MiB}, {@code 1.5 GiB}. */
final class ByteSizes {

    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB" };

    private ByteSizes() {
    }

    static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%d %s", (long) value, UNITS[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }
}
