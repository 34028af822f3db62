package io.memguard.pressure;

/**
 * Linux pressure stall information for memory, as ratios in [0..1] (the kernel prints percentages).
 *
 * <p>"some" is the share of time at least one task stalled waiting for memory, "full" the share of time all
 * non-idle tasks stalled at once; each averaged over 10, 60 and 300 seconds.
 *
 * @param someAvg10  some, 10-second average
 * @param someAvg60  some, 60-second average
 * @param someAvg300 some, 300-second average
 * @param fullAvg10  full, 10-second average, or {@code -1} where the kernel has no "full" line
 * @param fullAvg60  full, 60-second average, or {@code -1} where the kernel has no "full" line
 * @param fullAvg300 full, 300-second average, or {@code -1} where the kernel has no "full" line
 * @param source     the file read: the cgroup's {@code memory.pressure} or {@code /proc/pressure/memory}
 * @since 0.1.0
 */
public record PressureStall(double someAvg10, double someAvg60, double someAvg300, double fullAvg10,
        double fullAvg60, double fullAvg300, String source) {
}
