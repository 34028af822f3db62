package io.memguard.pressure;

/**
 * The four ratios at which a signal enters {@link MemoryPressureLevel#LOW}, {@link MemoryPressureLevel#MODERATE},
 * {@link MemoryPressureLevel#HIGH} and {@link MemoryPressureLevel#CRITICAL}.
 *
 * <p>A value of this type is checked where it is used, by {@link PressureSettings}, so that the message of a bad
 * value can name the setting it came from (strictly increasing, each in (0,1]).
 *
 * @param low      the ratio from which the level is at least LOW
 * @param moderate the ratio from which the level is at least MODERATE
 * @param high     the ratio from which the level is at least HIGH
 * @param critical the ratio from which the level is CRITICAL
 * @since 0.1.0
 */
public record PressureThresholds(double low, double moderate, double high, double critical) {

    /** The default thresholds of byte-based signals: 0.60, 0.75, 0.85, 0.95. */
    public static final PressureThresholds DEFAULT = new PressureThresholds(0.60, 0.75, 0.85, 0.95);

    /**
     * The default thresholds of PSI {@code some avg10}: 0.10, 0.20, 0.35, 0.50 of the time.
     *
     * <p>"some" is the share of wall time in which at least one task waited for memory (reclaim, refaults, swap-in).
     * A well-provisioned service sits at 0; Android's lmkd starts to act at a 7-10% partial stall, and tens of
     * percent mean the working set no longer fits.
     */
    public static final PressureThresholds PSI_SOME_DEFAULT = new PressureThresholds(0.10, 0.20, 0.35, 0.50);

    /**
     * The default thresholds of PSI {@code full avg10}: 0.06, 0.12, 0.20, 0.35 of the time.
     *
     * <p>"full" is the share of wall time in which every non-idle task stalled on memory at once: throughput lost
     * outright. It is never above "some", so its thresholds are lower. systemd-oomd kills a cgroup at a sustained
     * 60% full stall by default; CRITICAL at 35% leaves the service time to shed load before that.
     */
    public static final PressureThresholds PSI_FULL_DEFAULT = new PressureThresholds(0.06, 0.12, 0.20, 0.35);

    /**
     * The default thresholds of GC overhead: 0.06, 0.12, 0.20, 0.30 of wall time spent in collection pauses.
     *
     * <p>A heap with room to spare pauses its application for a few percent of the time at most. As the live set
     * nears what the collector can hold, collections come back to back and each copies more survivors: a fifth of
     * the time paused is a fifth of the throughput lost, and by a third the collector is losing the race against
     * allocation. Every gap is wider than the default hysteresis.
     */
    public static final PressureThresholds GC_OVERHEAD_DEFAULT = new PressureThresholds(0.06, 0.12, 0.20, 0.30);

    /**
     * The threshold of one level.
     *
     * @param level a level other than {@link MemoryPressureLevel#NONE}
     * @return the ratio from which that level is entered
     * @throws IllegalArgumentException for {@link MemoryPressureLevel#NONE}, which has no threshold
     */
    public double threshold(MemoryPressureLevel level) {
        return switch (level) {
            case LOW -> low;
            case MODERATE -> moderate;
            case HIGH -> high;
            case CRITICAL -> critical;
            case NONE -> throw new IllegalArgumentException("NONE has no threshold");
        };
    }

    /**
     * The level a ratio reaches when rising: the highest level whose threshold it meets.
     *
     * @param ratio a ratio in [0..1]
     * @return the level entered at that ratio
     */
    public MemoryPressureLevel levelOf(double ratio) {
        return levelOf(ratio, 0.0);
    }

    /**
     * The highest level whose threshold, lowered by {@code hysteresis}, the ratio still meets: the level a signal
     * keeps while falling.
     *
     * @param ratio      a ratio in [0..1]
     * @param hysteresis how far below a threshold the ratio must fall to leave that level
     * @return the level held at that ratio
     */
    public MemoryPressureLevel levelOf(double ratio, double hysteresis) {
        if (ratio >= critical - hysteresis) {
            return MemoryPressureLevel.CRITICAL;
        }
        if (ratio >= high - hysteresis) {
            return MemoryPressureLevel.HIGH;
        }
        if (ratio >= moderate - hysteresis) {
            return MemoryPressureLevel.MODERATE;
        }
        if (ratio >= low - hysteresis) {
            return MemoryPressureLevel.LOW;
        }
        return MemoryPressureLevel.NONE;
    }
}
