package io.memguard.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Where a pooled resource was taken: the stack recorded when it was handed out, without the pool's own frames on
 * top, so that a report starts at the application's code.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class Callers {

    private Callers() {
    }

    /**
     * The frames of {@code origin} below the innermost run of frames of the given classes.
     *
     * @param origin    a throwable created inside the pool when the resource was handed out
     * @param poolTypes the pool's classes, whose frames are dropped from the top
     * @return the caller's frames, innermost first
     */
    public static List<StackTraceElement> of(Throwable origin, Set<String> poolTypes) {
        StackTraceElement[] frames = origin.getStackTrace();
        int first = 0;
        while (first < frames.length && poolTypes.contains(frames[first].getClassName())) {
            first++;
        }
        return Arrays.asList(frames).subList(first, frames.length);
    }
}
