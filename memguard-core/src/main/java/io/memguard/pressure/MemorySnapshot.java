package io.memguard.pressure;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An immutable observation of every memory signal, with the level it led to and the details behind each signal.
 *
 * <p>Details the running machine does not provide are {@code null}: {@code container} outside a memory-limited
 * cgroup, {@code psi} on kernels without pressure stall information, {@code system} where the operating system cannot
 * be read. A snapshot made by {@link #ofLevel} carries a level only: no signals and {@code null} details.
 *
 * @param timestamp     when the observation was made
 * @param level         the pressure level after this observation
 * @param drivingSignal the signal that set the level (at {@link MemoryPressureLevel#NONE}: the driving signal
 *                      closest to its thresholds), or {@code null} when no driving signal has a reading
 * @param signals       every enabled signal this machine provides, by signal
 * @param heap          the heap now and after the last collection, or {@code null} in a level-only snapshot
 * @param direct        direct buffer memory, or {@code null} where not read
 * @param gc            collections and allocation; never {@code null} ({@link GcActivity#NONE} when unknown)
 * @param container     the process's cgroup memory, or {@code null} where unlimited or not in a cgroup
 * @param system        host memory, or {@code null} where not read
 * @param psi           memory pressure stall information, or {@code null} where the kernel does not provide it
 * @param projected     whether the level was raised by the driving signal's projected growth
 *                      ({@link PressureSettings#leadTime()}) above what its ratio alone gives
 * @since 0.1.0
 */
public record MemorySnapshot(Instant timestamp, MemoryPressureLevel level, @Nullable MemorySignal drivingSignal,
        Map<MemorySignal, SignalReading> signals, @Nullable HeapMemory heap, @Nullable DirectMemory direct,
        GcActivity gc, @Nullable ContainerMemory container, @Nullable SystemMemory system,
        @Nullable PressureStall psi, boolean projected) {

    public MemorySnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(gc, "gc");
        EnumMap<MemorySignal, SignalReading> copy = new EnumMap<>(MemorySignal.class);
        copy.putAll(Objects.requireNonNull(signals, "signals"));
        signals = Collections.unmodifiableMap(copy);
    }

    /**
     * A snapshot whose level was set by the signals' ratios alone, not raised by a projection.
     *
     * @param timestamp     when the observation was made
     * @param level         the pressure level after this observation
     * @param drivingSignal the signal that set the level, or {@code null}
     * @param signals       every enabled signal this machine provides, by signal
     * @param heap          the heap now and after the last collection, or {@code null}
     * @param direct        direct buffer memory, or {@code null}
     * @param gc            collections and allocation
     * @param container     the process's cgroup memory, or {@code null}
     * @param system        host memory, or {@code null}
     * @param psi           memory pressure stall information, or {@code null}
     */
    public MemorySnapshot(Instant timestamp, MemoryPressureLevel level, @Nullable MemorySignal drivingSignal,
            Map<MemorySignal, SignalReading> signals, @Nullable HeapMemory heap, @Nullable DirectMemory direct,
            GcActivity gc, @Nullable ContainerMemory container, @Nullable SystemMemory system,
            @Nullable PressureStall psi) {
        this(timestamp, level, drivingSignal, signals, heap, direct, gc, container, system, psi, false);
    }

    /**
     * A snapshot with a level and no signal readings, for tests and for components that only need a level.
     *
     * @param level     the level
     * @param timestamp when
     * @return a snapshot carrying only the level
     */
    public static MemorySnapshot ofLevel(MemoryPressureLevel level, Instant timestamp) {
        return new MemorySnapshot(timestamp, level, null, Map.of(), null, null, GcActivity.NONE, null, null, null);
    }

    /**
     * The reading of one signal, if this machine provides it.
     *
     * @param signal the signal
     * @return its reading, or empty where the signal is absent or disabled
     */
    public Optional<SignalReading> signal(MemorySignal signal) {
        return Optional.ofNullable(signals.get(signal));
    }

    /**
     * The Java heap now and right after the last collection.
     *
     * <p>The after-GC figures cover the long-lived pools only (G1 Old Gen, Tenured Gen, PS Old Gen, ZGC's old
     * generation, Shenandoah's single pool...): the live set. {@code afterGcUsedBytes} is already the effective value,
     * the lower of the use right after the last collection and the current use of the same pools, so it never stays
     * high
     * after memory was released on a service that has not collected since.
     *
     * @param usedBytes        heap in use now, garbage included
     * @param committedBytes   heap committed by the JVM now
     * @param maxBytes         the heap limit ({@code -Xmx}), or {@code -1} where undefined
     * @param afterGcUsedBytes long-lived pools in use after the last collection, bounded by their current use
     * @param afterGcMaxBytes  the live set the collector can hold: the limit of the long-lived pools minus the running
     *                         collector's reserve (see {@code heap-after-gc}), or {@code -1} where undefined
     * @since 0.1.0
     */
    public record HeapMemory(long usedBytes, long committedBytes, long maxBytes, long afterGcUsedBytes,
            long afterGcMaxBytes) {
    }

    /**
     * Direct (off-heap NIO) buffer memory, from the {@code direct} buffer pool.
     *
     * @param usedBytes   memory the JVM uses for direct buffers
     * @param bufferCount direct buffers alive
     * @param limitBytes  {@code -XX:MaxDirectMemorySize}, or the JVM default (the maximum heap size) when not set
     * @since 0.1.0
     */
    public record DirectMemory(long usedBytes, long bufferCount, long limitBytes) {
    }

    /**
     * Garbage collection and allocation as of one snapshot.
     *
     * @param count                        collections since the JVM started, all collectors together
     * @param pauseTotal                   total time spent in collections since the JVM started
     * @param timeSinceLastGc              time since the last collection ended, or {@code null} before the first
     * @param allocationRateBytesPerSecond bytes allocated per second since the previous snapshot, or {@code -1} on the
     *                                     first snapshot and where the JVM does not count allocations
     * @param pauseShare                   share of the last GC overhead window spent in collection pauses the heap
     *                                     forced (explicit collections left out), in [0..1], or {@code -1} where not
     *                                     observed
     * @param fullCollections              full collections the heap forced in that window (two or more: CRITICAL)
     * @param timeSinceLiveSetMeasured     time since a collection last measured the live set (a full or mixed
     *                                     collection, the end of a concurrent cycle), or {@code null} before the first
     * @param cpuShare                     share of the CPU time available to the JVM (wall time times available
     *                                     processors) that the collector's threads used over the same window,
     *                                     concurrent work included, in [0..1], or {@code -1} where the JVM does not
     *                                     report GC CPU time (before JDK 26)
     * @since 0.1.0
     */
    public record GcActivity(long count, Duration pauseTotal, @Nullable Duration timeSinceLastGc,
            double allocationRateBytesPerSecond, double pauseShare, int fullCollections,
            @Nullable Duration timeSinceLiveSetMeasured, double cpuShare) {

        /** No collection seen and no allocation rate known. */
        public static final GcActivity NONE = new GcActivity(0, Duration.ZERO, null, -1);

        /**
         * Activity without the GC overhead window.
         *
         * @param count                        collections since the JVM started
         * @param pauseTotal                   total time spent in collections
         * @param timeSinceLastGc              time since the last collection ended, or {@code null}
         * @param allocationRateBytesPerSecond bytes allocated per second, or {@code -1}
         */
        public GcActivity(long count, Duration pauseTotal, @Nullable Duration timeSinceLastGc,
                double allocationRateBytesPerSecond) {
            this(count, pauseTotal, timeSinceLastGc, allocationRateBytesPerSecond, -1, 0, null);
        }

        /**
         * Activity of a JVM that does not report the collector's CPU time.
         *
         * @param count                        collections since the JVM started
         * @param pauseTotal                   total time spent in collections
         * @param timeSinceLastGc              time since the last collection ended, or {@code null}
         * @param allocationRateBytesPerSecond bytes allocated per second, or {@code -1}
         * @param pauseShare                   share of the window spent in forced pauses, or {@code -1}
         * @param fullCollections              forced full collections in the window
         * @param timeSinceLiveSetMeasured     time since the live set was last measured, or {@code null}
         */
        public GcActivity(long count, Duration pauseTotal, @Nullable Duration timeSinceLastGc,
                double allocationRateBytesPerSecond, double pauseShare, int fullCollections,
                @Nullable Duration timeSinceLiveSetMeasured) {
            this(count, pauseTotal, timeSinceLastGc, allocationRateBytesPerSecond, pauseShare, fullCollections,
                    timeSinceLiveSetMeasured, -1);
        }

        /**
         * What the {@code gc-overhead} signal reads: the larger of the pause share and the GC CPU share, so that a
         * concurrent collector (ZGC, Shenandoah, G1's marking) that takes the CPU with short pauses is seen too.
         *
         * @return the overhead in [0..1], or {@code -1} where neither share is known
         * @since 0.2.0
         */
        public double overhead() {
            return Math.max(pauseShare, cpuShare);
        }
    }

    /**
     * The memory of this process's own cgroup (its container, pod or systemd unit), where that cgroup has a limit.
     *
     * <p>Never host memory: a process in an unlimited cgroup, or in none, has no container reading at all.
     *
     * @param cgroupVersion     1 or 2
     * @param cgroupPath        the process's cgroup as listed in {@code /proc/self/cgroup}, such as {@code
     *                          /kubepods/pod1/c1}
     * @param directory         the directory the files were read from, such as {@code
     *                          /sys/fs/cgroup/memory/kubepods/pod1/c1}
     * @param usageBytes        {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1): page cache included
     * @param inactiveFileBytes {@code inactive_file} (v2) or {@code total_inactive_file} (v1) of {@code memory.stat}:
     *                          page cache the kernel can drop
     * @param workingSetBytes   usage minus inactive file cache, as the kubelet counts it (never below zero)
     * @param limitBytes        {@code memory.max} (v2) or {@code memory.limit_in_bytes} (v1), the lowest of this
     *                          cgroup and
     *                          its ancestors, or {@code -1} where unlimited (then {@code memory.high} is set)
     * @param highBytes         {@code memory.high} (v2 only), the lowest of this cgroup and its ancestors, or {@code
     *                          -1}
     *                          where not set
     * @param highEvents        the {@code high} counter of {@code memory.events} (v2 only): how many times usage went
     *                          over {@code memory.high} and the kernel throttled and reclaimed; {@code -1} where
     * unknown
     * @param maxEvents         the {@code max} counter of {@code memory.events} (v2 only): how many times usage was
     *                          about
     *                          to go over {@code memory.max} and the kernel reclaimed directly; {@code -1} where
     * unknown
     * @since 0.1.0
     */
    public record ContainerMemory(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
            long inactiveFileBytes, long workingSetBytes, long limitBytes, long highBytes, long highEvents,
            long maxEvents) {

        /**
         * A reading without {@code memory.events} counters (cgroup v1, or a v2 cgroup whose file is unreadable).
         *
         * @param cgroupVersion     1 or 2
         * @param cgroupPath        the process's cgroup as listed in {@code /proc/self/cgroup}
         * @param directory         the directory the files were read from
         * @param usageBytes        usage, page cache included
         * @param inactiveFileBytes page cache the kernel can drop
         * @param workingSetBytes   usage minus inactive file cache
         * @param limitBytes        the hard limit, or {@code -1}
         * @param highBytes         {@code memory.high}, or {@code -1}
         */
        public ContainerMemory(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
                long inactiveFileBytes, long workingSetBytes, long limitBytes, long highBytes) {
            this(cgroupVersion, cgroupPath, directory, usageBytes, inactiveFileBytes, workingSetBytes, limitBytes,
                    highBytes, -1, -1);
        }

        /**
         * Whether the kernel reclaimed or throttled this cgroup between an earlier reading and this one: its
         * {@code memory.events} {@code high} or {@code max} counter went up. That is the kernel acting on the limit
         * already, whatever the working set's ratio says (page cache it dropped to stay under the limit no longer
         * shows).
         *
         * @param earlier the earlier reading of the same cgroup, or {@code null}
         * @return {@code true} if a counter known in both readings increased
         * @since 0.2.0
         */
        public boolean kernelReclaimedSince(@Nullable ContainerMemory earlier) {
            if (earlier == null || !directory.equals(earlier.directory)) {
                return false;
            }
            return increased(earlier.highEvents, highEvents) || increased(earlier.maxEvents, maxEvents);
        }

        private static boolean increased(long before, long after) {
            return before >= 0 && after > before;
        }

        /**
         * The limit the working set is measured against: {@code memory.high} where set (the kernel throttles and
         * reclaims
         * hard above it), otherwise {@code memory.max}.
         *
         * @return the lower of the set limits, in bytes
         */
        public long effectiveLimitBytes() {
            if (highBytes < 0) {
                return limitBytes;
            }
            return (limitBytes < 0) ? highBytes : Math.min(limitBytes, highBytes);
        }
    }

    /**
     * Host memory as the operating system reports it: {@code /proc/meminfo} on Linux, OSHI elsewhere.
     *
     * @param totalBytes     physical memory of the host
     * @param availableBytes memory available to new work without swapping (Linux {@code MemAvailable})
     * @param swapUsedBytes  swap in use
     * @param swapTotalBytes swap configured, {@code 0} where there is none
     * @since 0.1.0
     */
    public record SystemMemory(long totalBytes, long availableBytes, long swapUsedBytes, long swapTotalBytes) {
    }

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

    /**
     * One observation of one memory signal.
     *
     * <p>A reading is {@code stale} when the signal's probe failed (or read nothing) on the last observation: the
     * signal then keeps the reading of the observation before, so that one failed read cannot lower the level, and the
     * failure is counted ({@link DefaultMemoryPressureMonitor#probeFailures(MemorySignal)}).
     *
     * @param signal     which signal this is
     * @param ratio      usage over limit, in [0..1]
     * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes (PSI, GC overhead)
     * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes (PSI, GC overhead)
     * @param stale      whether this is an earlier reading, kept because the probe failed on the last observation
     * @param secondsToLimit at the growth of the recent readings, the seconds left before the usage reaches the
     *                       critical
     *                   threshold ({@code 0} once there), or {@code -1} where it is not growing or not projected
     *                   ({@link GrowthProjection}: {@code container} and {@code heap-after-gc} only)
     * @since 0.1.0
     */
    public record SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes, boolean stale,
            double secondsToLimit) {

        public SignalReading {
            Objects.requireNonNull(signal, "signal");
            if (!(ratio >= 0.0 && ratio <= 1.0)) {
                throw new IllegalArgumentException("ratio of " + signal.id() + " must be in [0..1], was " + ratio);
            }
            if (!(secondsToLimit >= 0.0 || secondsToLimit == -1)) {
                throw new IllegalArgumentException("secondsToLimit of " + signal.id() + " must be at least 0, or -1 "
                        + "where unknown, was " + secondsToLimit);
            }
        }

        /**
         * A reading without a projection.
         *
         * @param signal     which signal this is
         * @param ratio      usage over limit, in [0..1]
         * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes
         * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes
         * @param stale      whether this is an earlier reading, kept because the probe failed
         */
        public SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes, boolean stale) {
            this(signal, ratio, usedBytes, limitBytes, stale, -1);
        }

        /**
         * A fresh reading.
         *
         * @param signal     which signal this is
         * @param ratio      usage over limit, in [0..1]
         * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes
         * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes
         */
        public SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes) {
            this(signal, ratio, usedBytes, limitBytes, false, -1);
        }

        /**
         * Whether the growth of this signal was projected to reach the critical threshold in a known time.
         *
         * @return {@code true} when {@link #secondsToLimit()} is known
         * @since 0.2.0
         */
        public boolean approachingLimit() {
            return secondsToLimit >= 0;
        }

        /**
         * This reading with the time left before the critical threshold.
         *
         * @param seconds the seconds left, at least 0, or {@code -1} where unknown
         * @return the same values with {@code secondsToLimit} set
         * @since 0.2.0
         */
        public SignalReading withSecondsToLimit(double seconds) {
            return new SignalReading(signal, ratio, usedBytes, limitBytes, stale, seconds);
        }

        /**
         * This reading, marked stale.
         *
         * @return the same values with {@code stale} set
         */
        public SignalReading asStale() {
            // An old reading says nothing about the growth now.
            return stale ? this : new SignalReading(signal, ratio, usedBytes, limitBytes, true, -1);
        }
    }
}
