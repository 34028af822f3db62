package io.memguard.diagnostics;

import java.util.Locale;

/** Formats ratios for the advice people read: {@code 93%}. */
final class Percentages {

    private Percentages() {
    }

    static String format(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }
}
