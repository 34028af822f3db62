package io.memguard.spring.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;

/**
 * Garbage collection and allocation, and what the GC hint did.
 *
 * @param count                        collections since the JVM started, all collectors together
 * @param pauseTotalMillis             time spent in collections since the JVM started
 * @param timeSinceLastGcMillis        time since the last collection ended; absent before the first
 * @param allocationRateBytesPerSecond bytes allocated per second lately; absent where unknown
 * @param hint                         the GC hint; absent when the monitor does not give one
 * @param pauseShare                   share of the GC overhead window spent in pauses the heap forced; absent where
 *                                     not observed
 * @param fullCollections              full collections the heap forced in that window
 * @param timeSinceLiveSetMeasuredMillis time since a collection last measured the live set; absent before the first
 * @param liveSetMeasurements          collections memguard asked for to measure the live set; absent when the monitor
 *                                     does not ask for any
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GcDescriptor(long count, long pauseTotalMillis, @Nullable Long timeSinceLastGcMillis,
        @Nullable Double allocationRateBytesPerSecond, @Nullable Hint hint, @Nullable Double pauseShare,
        int fullCollections, @Nullable Long timeSinceLiveSetMeasuredMillis, @Nullable Long liveSetMeasurements) {

    /**
     * A descriptor without the GC overhead window and live-set measurements.
     *
     * @param count                        collections since the JVM started
     * @param pauseTotalMillis             time spent in collections
     * @param timeSinceLastGcMillis        time since the last collection ended, or {@code null}
     * @param allocationRateBytesPerSecond bytes allocated per second, or {@code null}
     * @param hint                         the GC hint, or {@code null}
     */
    public GcDescriptor(long count, long pauseTotalMillis, @Nullable Long timeSinceLastGcMillis,
            @Nullable Double allocationRateBytesPerSecond, @Nullable Hint hint) {
        this(count, pauseTotalMillis, timeSinceLastGcMillis, allocationRateBytesPerSecond, hint, null, 0, null, null);
    }

    static GcDescriptor of(GcActivity gc, @Nullable GcHintSnapshot hint) {
        return new GcDescriptor(gc.count(), gc.pauseTotal().toMillis(),
                (gc.timeSinceLastGc() != null) ? gc.timeSinceLastGc().toMillis() : null,
                (gc.allocationRateBytesPerSecond() >= 0) ? gc.allocationRateBytesPerSecond() : null,
                (hint != null) ? Hint.of(hint) : null, (gc.pauseShare() >= 0) ? gc.pauseShare() : null,
                gc.fullCollections(),
                (gc.timeSinceLiveSetMeasured() != null) ? gc.timeSinceLiveSetMeasured().toMillis() : null,
                (hint != null) ? hint.liveSetMeasurements() : null);
    }

    /**
     * The optional {@code System.gc()} call on entering HIGH or CRITICAL.
     *
     * @param enabled                   whether {@code memguard.gc.hint-enabled} is on
     * @param explicitGcDisabled        whether the JVM ignores the hint ({@code -XX:+DisableExplicitGC})
     * @param requested                 hints given
     * @param skippedByCooldown         hints held back because the previous one was too recent
     * @param skippedExplicitGcDisabled hints held back because explicit GC is disabled
     * @param lastOutcome               the most recent outcome; absent if no hint was due yet
     * @param lastAttempt               when the most recent hint was due; absent if none
     * @since 0.1.0
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hint(boolean enabled, boolean explicitGcDisabled, long requested, long skippedByCooldown,
            long skippedExplicitGcDisabled, GcHintSnapshot.@Nullable Outcome lastOutcome, @Nullable Instant lastAttempt) {

        static Hint of(GcHintSnapshot statistics) {
            return new Hint(statistics.enabled(), statistics.explicitGcDisabled(), statistics.requested(),
                    statistics.skippedByCooldown(), statistics.skippedExplicitGcDisabled(), statistics.lastOutcome(),
                    statistics.lastAttempt());
        }
    }
}
