package io.memguard.quota;

/**
 * Where the global quota starts to push back, as fractions of the global limit.
 *
 * <ul>
 * <li>above {@code soft}, entries are evicted across streams in the background;</li>
 * <li>above {@code hard}, an allocation first evicts synchronously, then is admitted;</li>
 * <li>at or above {@code critical}, new allocations and new streams are rejected.</li>
 * </ul>
 *
 * @param soft     start background eviction, in (0, 1]
 * @param hard     evict before admitting, in (0, 1], above {@code soft}
 * @param critical reject, in (0, 1], above {@code hard}
 * <p>Set with {@link QuotaController.Builder#thresholds(double, double, double)}; read from
 * {@link QuotaConfiguration}.
 */
record QuotaThresholds(double soft, double hard, double critical) {

    /** The defaults: 0.80, 0.95 and 0.98 of the global limit. */
    static final QuotaThresholds DEFAULTS = new QuotaThresholds(0.80, 0.95, 0.98);

    QuotaThresholds {
        requireRatio("soft", soft);
        requireRatio("hard", hard);
        requireRatio("critical", critical);
        if (!(soft < hard && hard < critical)) {
            throw new IllegalArgumentException("thresholds must increase strictly, soft < hard < critical, but were soft="
                    + soft + ", hard=" + hard + ", critical=" + critical
                    + "; lower the earlier threshold or raise the later one");
        }
    }

    private static void requireRatio(String name, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " threshold must be a ratio of the global limit in (0, 1], was "
                    + value + "; use for example 0.8 for 80%");
        }
    }

    static long bytesOf(double ratio, long limitBytes) {
        return (long) Math.floor(ratio * limitBytes);
    }
}
