package io.memguard.buffer;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A buffer that became unreachable while it was acquired: the application acquired it and never released it.
 *
 * @param capacity        the buffer's capacity in bytes
 * @param pooled          {@code false} for a buffer larger than the largest bucket, which was served unpooled
 * @param direct          whether the buffer was a direct buffer
 * @param acquiringThread the name of the thread that acquired it, or {@code null} where not recorded
 * @param acquiredAt      the stack of the acquiring call, innermost frame first, or empty where not recorded
 * @since 0.1.0
 */
public record BufferLeak(int capacity, boolean pooled, boolean direct, @Nullable String acquiringThread,
        List<StackTraceElement> acquiredAt) {

    public BufferLeak {
        acquiredAt = List.copyOf(Objects.requireNonNull(acquiredAt, "acquiredAt"));
    }

    /**
     * Whether the acquisition was tracked, so that {@link #acquiredAt()} says where the buffer came from.
     *
     * @return {@code true} if the origin was recorded
     */
    public boolean originRecorded() {
        return !acquiredAt.isEmpty();
    }

    /**
     * A multi-line description for a log, with the origin where recorded.
     *
     * @return a human-readable account of this leak
     */
    public String describe() {
        StringBuilder text = new StringBuilder(256)
                .append("A ").append(capacity).append("-byte ").append(direct ? "direct" : "heap")
                .append(pooled ? " pooled" : " unpooled")
                .append(" buffer was garbage collected while acquired: release(buffer) or lease.close() was never called.");
        if (originRecorded()) {
            text.append(" It was acquired by thread '").append(acquiringThread).append("' at:");
            for (StackTraceElement frame : acquiredAt) {
                text.append(System.lineSeparator()).append("\tat ").append(frame);
            }
        }
        else {
            text.append(" Its origin was not recorded: set the leak detection level to PARANOID"
                    + " (memguard.buffer-pool.leak-detection.level=paranoid) to record every acquisition.");
        }
        return text.toString();
    }
}
