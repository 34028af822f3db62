package io.memguard.pressure;

/**
 * How short of memory this JVM is, from calm to about to fail.
 *
 * <p>Levels are ordered: every component that reacts to pressure compares with {@link #isAtLeast}, so a
 * component configured to act "from HIGH" also acts at CRITICAL.
 *
 * @since 0.1.0
 */
public enum MemoryPressureLevel {

    /** Memory is plentiful. */
    NONE,

    /** Memory use is noticeable; nothing needs to change yet. */
    LOW,

    /** Memory is getting tight; optional work may be deferred. */
    MODERATE,

    /** Memory is short: caches and pools give memory back, large work is refused. */
    HIGH,

    /** The JVM is close to failing: new work is shed and everything that can be released is released. */
    CRITICAL;

    private static final MemoryPressureLevel[] VALUES = values();

    /**
     * Returns whether this level is the same as or worse than {@code other}.
     *
     * @param other the level to compare with
     * @return {@code true} when {@code this.ordinal() >= other.ordinal()}
     */
    public boolean isAtLeast(MemoryPressureLevel other) {
        return ordinal() >= other.ordinal();
    }

    /**
     * The level as a number from 0 ({@link #NONE}) to 4 ({@link #CRITICAL}), as exported in metrics.
     *
     * @return the severity of this level
     */
    public int severity() {
        return ordinal();
    }

    /**
     * Returns the level with the given severity.
     *
     * @param severity a number from 0 to 4
     * @return the level
     * @throws IllegalArgumentException if {@code severity} is outside 0..4
     */
    public static MemoryPressureLevel ofSeverity(int severity) {
        if (severity < 0 || severity >= VALUES.length) {
            throw new IllegalArgumentException("severity must be between 0 and 4, was " + severity);
        }
        return VALUES[severity];
    }
}
