package io.memguard.sample.overload;

import java.util.List;

/**
 * What one overload run did to the app, as written to {@code target/overload/summary.json}.
 *
 * @param oom             whether the JVM died of an OutOfMemoryError
 * @param accepted        chunks the app acknowledged with a sequence number
 * @param shed            requests answered 503 with Retry-After by load shedding
 * @param rejected        chunks refused by the quota (429, or 503 without Retry-After)
 * @param failed          requests that got no answer (connection refused or reset, timeout)
 * @param readable        acknowledged chunks still readable after the load
 * @param evicted         acknowledged chunks reported evicted (410 Gone)
 * @param lost            acknowledged chunks neither readable nor reported evicted
 * @param recoverySeconds seconds from the end of the load until the level was NONE or LOW again, or -1
 * @param servesAfterLoad whether an ordinary request succeeded after the load
 * @param timeline        heap occupancy, level and throughput over time
 */
record OverloadResult(boolean oom, long accepted, long shed, long rejected, long failed, long readable, long evicted,
        long lost, double recoverySeconds, boolean servesAfterLoad, List<TimelineSample> timeline) {
}
