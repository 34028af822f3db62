package io.memguard.diagnostics;

import java.time.Instant;
import java.util.Objects;

/**
 * One sighting of an {@link OutOfMemoryError}: from then on the JVM is in an unknown state, whoever caught the
 * error.
 *
 * @param detectedAt when memguard saw it
 * @param evidence   what showed it, in one sentence (the heap dump the JVM wrote, or the reported error)
 * @since 0.1.0
 */
public record OutOfMemoryDetection(Instant detectedAt, String evidence) {

    public OutOfMemoryDetection {
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(evidence, "evidence");
    }
}
