package io.memguard.internal;

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
        // Built by hand rather than with String.format, whose first use loads the JVM's locale data: that is
        // slow on a rejection path, and under Lincheck a class initialiser it cannot see deadlocks the model
        // checker (QuotaAdmissionLincheckTests run on its own).
        StringBuilder text = new StringBuilder(16);
        if (value == Math.rint(value)) {
            text.append((long) value);
        }
        else {
            long tenths = Math.round(Math.abs(value) * 10);
            text.append(value < 0 ? "-" : "").append(tenths / 10).append('.').append(tenths % 10);
        }
        return text.append(' ').append(UNITS[unit]).toString();
    }
}
