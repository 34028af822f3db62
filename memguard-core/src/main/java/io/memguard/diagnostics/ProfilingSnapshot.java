package io.memguard.diagnostics;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened to memory since a {@link ProfilingSession} started.
 *
 * @param name                     the session's name
 * @param started                  when the session started
 * @param elapsed                  time since it started
 * @param threadAllocatedBytes     bytes allocated by the thread that started the session
 * @param allThreadsAllocatedBytes bytes allocated by all threads alive now (a thread that ended during the
 *                                 session is missing: its counter is gone)
 * @param collections              collections run, all collectors together
 * @param collectionTime           time spent in those collections
 * @param heapUsedAtStartBytes     heap in use when the session started
 * @param heapUsedBytes            heap in use now (garbage included, so only a rough figure between
 *                                 collections)
 * @param stopped                  whether this is the final snapshot of a stopped session
 * @since 0.1.0
 */
public record ProfilingSnapshot(String name, Instant started, Duration elapsed, long threadAllocatedBytes,
        long allThreadsAllocatedBytes, long collections, Duration collectionTime, long heapUsedAtStartBytes,
        long heapUsedBytes, boolean stopped) {
}
