package io.memguard.diagnostics;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.internal.Listeners;

/**
 * Tells its listeners that the JVM has thrown an {@link OutOfMemoryError}, even one that a pool thread caught and
 * swallowed: from then on the process is in an unknown state and is better restarted.
 *
 * <p>Two ways in:
 * <ul>
 * <li>The JVM's own out-of-memory report. HotSpot runs one hook when it throws an {@code OutOfMemoryError} itself
 * ({@code Java heap space}, {@code GC overhead limit exceeded}, {@code Requested array size exceeds VM limit},
 * {@code Metaspace}): with {@code -XX:+HeapDumpOnOutOfMemoryError} it writes {@code java_pid<pid>.hprof} to
 * {@code -XX:HeapDumpPath}. When that flag is on, this detector looks for that file every check interval (one
 * {@code stat} call on a daemon thread) and reports its appearance. The JVM writes that dump once, for the first
 * such error, which is the one that matters. The thread survives an {@code OutOfMemoryError} of its own (the heap is
 * still full while the dump is written) and looks again; an inotify watch would not: the JDK's watch-service thread
 * dies of that error.</li>
 * <li>{@link #report(OutOfMemoryError)}, for code that catches the error (an error handler of a message listener,
 * an uncaught-exception handler), and for errors that Java code throws itself (direct buffers, native threads).</li>
 * </ul>
 *
 * <p>Why not JFR: the {@code jdk.JavaErrorThrow} event is never written for an {@code OutOfMemoryError}. The JDK's
 * error tracer returns early for that class (JDK 17 and 25 alike), and the errors the JVM throws for an exhausted
 * heap are preallocated, so no constructor runs at all.
 *
 * <p>Closing stops the watch. A listener that throws is logged and counted; the others still hear.
 *
 * @since 0.1.0
 */
public final class OutOfMemoryDetector implements AutoCloseable {

    /** How often the heap dump is looked for unless told otherwise. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Logger logger = LoggerFactory.getLogger(OutOfMemoryDetector.class);

    private final Clock clock;

    private final List<Consumer<Detection>> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder detections = new LongAdder();

    private final LongAdder listenerFailures = new LongAdder();

    private final AtomicReference<Detection> first = new AtomicReference<>();

    private final @Nullable Path heapDump;

    private final @Nullable Thread watcher;

    private volatile boolean closed;

    /**
     * Creates a detector that watches for the heap dump the JVM writes on its first {@code OutOfMemoryError},
     * if this JVM runs with {@code -XX:+HeapDumpOnOutOfMemoryError}.
     *
     * @param clock tells the time of a detection
     */
    public OutOfMemoryDetector(Clock clock) {
        this(clock, DEFAULT_CHECK_INTERVAL);
    }

    /**
     * Creates a detector that checks every {@code checkInterval} for the heap dump the JVM writes on its first
     * {@code OutOfMemoryError}, if this JVM runs with {@code -XX:+HeapDumpOnOutOfMemoryError}.
     *
     * @param clock         tells the time of a detection
     * @param checkInterval how often the dump file is looked for (one {@code stat} call); positive
     * @throws IllegalArgumentException if {@code checkInterval} is not positive
     */
    public OutOfMemoryDetector(Clock clock, Duration checkInterval) {
        this(clock, configuredHeapDump(), checkInterval);
    }

    /**
     * Creates a detector that watches for a given heap dump file.
     *
     * @param clock         tells the time of a detection
     * @param heapDump      the file the JVM writes on its first {@code OutOfMemoryError}, or {@code null} to watch
     *                      nothing and rely on {@link #report(OutOfMemoryError)}
     * @param checkInterval how often the file is looked for
     */
    OutOfMemoryDetector(Clock clock, @Nullable Path heapDump, Duration checkInterval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive, was " + checkInterval);
        }
        Path dump = (heapDump != null) ? heapDump.toAbsolutePath() : null;
        this.heapDump = dump;
        this.watcher = (dump != null) ? watch(dump, checkInterval) : null;
    }

    /**
     * Where this JVM writes its heap dump on an {@code OutOfMemoryError} ({@code -XX:+HeapDumpOnOutOfMemoryError}),
     * the file a detector watches for.
     *
     * @return the file, or empty when it writes none (or is not HotSpot)
     */
    public static Optional<Path> heapDumpFile() {
        return OutOfMemoryHeapDump.configured();
    }

    /**
     * Makes this JVM write its heap dump into {@code directory} on its first {@code OutOfMemoryError}, unless it
     * already writes one: a setting given on the command line is kept (both flags are manageable, so this works in a
     * running JVM). The dump holds the whole live heap; put the directory on a disk, not on a memory-backed volume
     * that counts against the container's limit. A detector created afterwards watches for that dump.
     *
     * @param directory the directory, created if missing
     * @return {@code true} if the JVM now writes its dump there, {@code false} if it already wrote one elsewhere
     * @throws IOException           if the directory cannot be created
     * @throws IllegalStateException if the JVM has no HotSpot diagnostic bean or refuses the flags
     */
    public static boolean enableHeapDump(Path directory) throws IOException {
        return OutOfMemoryHeapDump.enable(directory);
    }

    private static @Nullable Path configuredHeapDump() {
        Optional<Path> dump = OutOfMemoryHeapDump.configured();
        if (dump.isEmpty()) {
            logger.info("memguard: this JVM writes no heap dump on an OutOfMemoryError, so memguard sees only the"
                    + " OutOfMemoryErrors reported to it; run with -XX:+HeapDumpOnOutOfMemoryError"
                    + " -XX:HeapDumpPath=<a directory on disk> to let it see those the JVM throws");
        }
        return dump.orElse(null);
    }

    private @Nullable Thread watch(Path dump, Duration interval) {
        if (Files.exists(dump)) {
            // HotSpot creates the dump exclusively: with an old file of that name (pid 1 in a container, a persistent
            // volume) it writes no dump, and the old file is no sign of this JVM's state.
            logger.warn("memguard: {} already exists, so the JVM will not write its heap dump there on an"
                    + " OutOfMemoryError and memguard cannot see one; remove the file or point -XX:HeapDumpPath to"
                    + " an empty directory", dump);
            return null;
        }
        // java.io.File: on JDK 17, Files.exists builds and catches an exception for every absent file.
        File file = dump.toFile();
        Thread thread = new Thread(() -> awaitDump(file, interval.toNanos()), "memguard-oom-watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void awaitDump(File file, long intervalNanos) {
        while (!closed) {
            LockSupport.parkNanos(this, intervalNanos);
            try {
                if (!closed && file.exists()) {
                    detected("the JVM wrote its out-of-memory heap dump " + heapDump
                            + " (-XX:+HeapDumpOnOutOfMemoryError)");
                    return;
                }
            }
            catch (OutOfMemoryError ex) {
                // The heap may still be full while the dump is written: look again at the next tick.
            }
            catch (RuntimeException ex) {
                logger.warn("memguard: cannot check {} for the JVM's out-of-memory heap dump; will retry", heapDump,
                        ex);
            }
        }
    }

    /**
     * Reports an {@code OutOfMemoryError} that the caller caught, so that the listeners hear of it.
     *
     * @param error the error; not {@code null}
     */
    public void report(OutOfMemoryError error) {
        Objects.requireNonNull(error, "error");
        detected("an OutOfMemoryError was reported: " + error);
    }

    private void detected(String evidence) {
        Detection detection = new Detection(clock.instant(), evidence);
        detections.increment();
        first.compareAndSet(null, detection);
        logger.error("memguard: {}; the JVM is in an unknown state and should be restarted", evidence);
        Listeners.notifyEach(listeners, listener -> listener.accept(detection), listenerFailures, logger,
                this);
    }

    /**
     * Registers a listener told of every detection from now on: what was seen, and when. It is called on the
     * detector's thread, or on the thread that reported the error, and must be quick; an exception thrown by it is
     * logged and counted and never stops the detector.
     *
     * @param listener the listener; not {@code null}
     */
    public void addListener(Consumer<Detection> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    public void removeListener(Consumer<Detection> listener) {
        listeners.remove(listener);
    }

    /**
     * How many times an {@code OutOfMemoryError} was seen since this detector was created.
     *
     * @return the count
     */
    public long detections() {
        return detections.sum();
    }

    /**
     * The first detection.
     *
     * @return the first detection, or empty while the JVM has not run out of memory
     */
    public Optional<Detection> firstDetection() {
        return Optional.ofNullable(first.get());
    }

    /**
     * The heap dump file watched for.
     *
     * @return the file, or empty when the JVM writes no heap dump on an {@code OutOfMemoryError} (or it cannot
     *         be watched), so that only {@link #report(OutOfMemoryError)} is heard
     */
    public Optional<Path> watchedHeapDump() {
        return (watcher != null && heapDump != null) ? Optional.of(heapDump) : Optional.empty();
    }

    /**
     * How many times a listener threw since this detector was created.
     *
     * @return the number of listener failures
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * Stops watching for the heap dump; reported errors are still passed on.
     */
    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            LockSupport.unpark(watcher);
        }
    }

    @Override
    public String toString() {
        return "OutOfMemoryDetector[" + watchedHeapDump().map(Path::toString).orElse("reports only") + "]";
    }

    /**
     * One sighting of an {@link OutOfMemoryError}: from then on the JVM is in an unknown state, whoever caught the
     * error.
     *
     * @param detectedAt when memguard saw it
     * @param evidence   what showed it, in one sentence (the heap dump the JVM wrote, or the reported error)
     * @since 0.1.0
     */
    public record Detection(Instant detectedAt, String evidence) {

        public Detection {
            Objects.requireNonNull(detectedAt, "detectedAt");
            Objects.requireNonNull(evidence, "evidence");
        }
    }
}
