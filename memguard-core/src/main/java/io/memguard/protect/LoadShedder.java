package io.memguard.protect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.memguard.internal.Listeners;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.PressureAware;

/**
 * Decides which new requests a service short of memory refuses, counts them, and reports them in batches.
 * The web filters of the Spring layer ask it; it knows nothing of HTTP.
 *
 * <p>At the shedding level (default {@code CRITICAL}) every request is refused. From the large-request level
 * (default {@code HIGH}) requests that announce a body above the large-request threshold share the memory left below
 * the CRITICAL threshold: each is expected to hold its body times the body factor, and runs only if that fits beside
 * what the large requests already running are expected to hold ({@link #tryStartLargeRequest}, given back by
 * {@link #largeRequestEnded}); the others are refused. Refusing every large body would refuse a lone upload to a
 * service that has room for it, and stop the bulk work a service is there for whenever its memory is merely short;
 * letting them all in would take the memory the service does not have. The memory left is read from the monitor's
 * snapshot: at HIGH the heap after GC is already above the HIGH threshold, so what is left below it would admit
 * nothing, and CRITICAL, where every request is refused, is the line not to cross. Without a reading to judge by,
 * large bodies run one at a time. Below both levels everything is admitted, and {@link #admitsEverything} lets a
 * caller find that out with one comparison of final fields.
 *
 * <p>Refusals are counted per reason for metrics, and summarized to listeners at most once per batch interval
 * (default one second): the first refusal after a quiet interval is reported at once, the ones that follow
 * are added up until the interval has passed. A change of pressure level flushes what is pending, so the
 * last refusals before recovery are reported too.
 *
 * @since 0.1.0
 */
public final class LoadShedder implements PressureAware {

    /*
     * Two counters per reason: a running total for metrics, and a pending count since the last summary. A
     * refusal increments both, then tries to claim the next publication slot with a CAS on its time; the
     * winner drains the pending counts with sumThenReset. A refusal that races with the drain is counted in
     * the next summary instead of this one, never lost and never counted twice, so the summaries add up to
     * the totals once everything is flushed. Publication itself is serialized by a lock, outside the path
     * of refusals that do not publish.
     */

    private static final Logger logger = LoggerFactory.getLogger(LoadShedder.class);

    private static final ShedReason[] REASONS = ShedReason.values();

    /** The signals whose headroom a large body must fit in: what requests hold, in the heap and in the container. */
    private static final MemorySignal[] HEADROOM_SIGNALS = { MemorySignal.HEAP_AFTER_GC, MemorySignal.CONTAINER };

    private final MemoryPressureLevel shedLevel;

    private final MemoryPressureLevel largeRequestLevel;

    private final MemoryPressureLevel lowestLevel;

    private final long largeRequestThreshold;

    private final double largeRequestHeadroomThreshold;

    private final double largeRequestBodyFactor;

    private final long batchIntervalNanos;

    private final LongSupplier ticker;

    private final Clock clock;

    private final LongAdder[] totals = newAdders();

    private final LongAdder[] pending = newAdders();

    /** The ticker reading from which the next summary may be published. */
    private final AtomicLong nextPublication;

    private final List<Consumer<SheddingSummary>> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    private final Object publicationLock = new Object();

    private volatile MemoryPressureLevel lastShedLevel = MemoryPressureLevel.NONE;

    /** What the large requests let in from the large-request level on, and not ended yet, are expected to hold. */
    private final AtomicLong largeRequestBytes = new AtomicLong();

    // Guarded by publicationLock.
    private Instant windowStart;

    private LoadShedder(Builder builder) {
        this.shedLevel = builder.shedLevel;
        this.largeRequestLevel = builder.largeRequestLevel;
        this.lowestLevel = shedLevel.isAtLeast(largeRequestLevel) ? largeRequestLevel : shedLevel;
        this.largeRequestThreshold = builder.largeRequestThreshold;
        this.largeRequestHeadroomThreshold = builder.largeRequestHeadroomThreshold;
        this.largeRequestBodyFactor = builder.largeRequestBodyFactor;
        this.batchIntervalNanos = builder.batchInterval.toNanos();
        this.ticker = builder.ticker;
        this.clock = builder.clock;
        this.nextPublication = new AtomicLong(ticker.getAsLong());
        this.windowStart = clock.instant();
    }

    private static LongAdder[] newAdders() {
        LongAdder[] adders = new LongAdder[REASONS.length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /**
     * Whether no request at all can be refused at this level: the calm path of a filter.
     *
     * @param level the current pressure level
     * @return {@code true} below both the shedding and the large-request level
     */
    public boolean admitsEverything(MemoryPressureLevel level) {
        return !level.isAtLeast(lowestLevel);
    }

    /**
     * Decides whether a request may be refused. Does not count it: call {@link #recordShed} when it is refused.
     *
     * @param level         the current pressure level
     * @param contentLength the body size the request announced, or {@code -1} if it announced none
     * @return why the request must be refused ({@link ShedReason#LARGE_REQUEST}: unless
     *         {@link #tryStartLargeRequest} lets it in), or {@code null} to admit it
     */
    public @Nullable ShedReason decide(MemoryPressureLevel level, long contentLength) {
        if (level.isAtLeast(shedLevel)) {
            return ShedReason.PRESSURE;
        }
        if (level.isAtLeast(largeRequestLevel) && contentLength > largeRequestThreshold) {
            return ShedReason.LARGE_REQUEST;
        }
        return null;
    }

    /**
     * Lets in a request that {@link #decide} found {@link ShedReason#LARGE_REQUEST} if what it is expected to hold (its
     * body times the {@linkplain #largeRequestBodyFactor() body factor}) fits, beside what the large requests already
     * let in are expected to hold, in the memory left below the large-request headroom threshold (by default the
     * CRITICAL threshold) in {@code heap-after-gc} and {@code container}. Without a reading of either with a limit,
     * large requests run one at a time. Whoever is let in must call {@link #largeRequestEnded} with the same body
     * size once the request ends; whoever is not refuses the request.
     *
     * @param contentLength the body size the request announced
     * @param snapshot      the monitor's latest snapshot, for the headroom
     * @return {@code true} if the request fits and now holds its share of the memory left
     */
    public boolean tryStartLargeRequest(long contentLength, MemorySnapshot snapshot) {
        long expected = expectedBytes(contentLength);
        long headroom = headroomBytes(snapshot);
        for (;;) {
            long running = largeRequestBytes.get();
            boolean fits = (headroom == Long.MAX_VALUE) ? running == 0 : expected <= headroom - running;
            if (!fits) {
                return false;
            }
            if (largeRequestBytes.compareAndSet(running, running + expected)) {
                return true;
            }
        }
    }

    /**
     * Gives back the share of the memory left that {@link #tryStartLargeRequest} gave a request.
     *
     * @param contentLength the body size the request announced, as passed to {@link #tryStartLargeRequest}
     */
    public void largeRequestEnded(long contentLength) {
        largeRequestBytes.addAndGet(-expectedBytes(contentLength));
    }

    /**
     * What the large requests let in and not ended yet are expected to hold.
     *
     * @return bytes, zero when none runs
     */
    public long largeRequestBytes() {
        return largeRequestBytes.get();
    }

    /** The body times the factor, rounded up; the cast saturates, so an absurd body never fits a known headroom. */
    private long expectedBytes(long contentLength) {
        return (long) Math.ceil(contentLength * largeRequestBodyFactor);
    }

    /**
     * The memory left below the headroom threshold: the smaller of {@code heap-after-gc}'s and {@code container}'s,
     * {@link Long#MAX_VALUE} when neither has a reading with a limit.
     */
    private long headroomBytes(MemorySnapshot snapshot) {
        long headroom = Long.MAX_VALUE;
        for (MemorySignal signal : HEADROOM_SIGNALS) {
            SignalReading reading = snapshot.signals().get(signal);
            if (reading != null && reading.limitBytes() > 0 && reading.usedBytes() >= 0) {
                headroom = Math.min(headroom, (long) (largeRequestHeadroomThreshold * reading.limitBytes())
                        - reading.usedBytes());
            }
        }
        return headroom;
    }

    /**
     * Counts a refused request, and reports the batch to the listeners if the batch interval has passed.
     *
     * @param reason why it was refused
     * @param level  the pressure level at which it was refused
     */
    public void recordShed(ShedReason reason, MemoryPressureLevel level) {
        totals[reason.ordinal()].increment();
        pending[reason.ordinal()].increment();
        lastShedLevel = level;
        long now = ticker.getAsLong();
        long next = nextPublication.get();
        // Compared by difference, so that a ticker that wraps (as System.nanoTime may) keeps the pace.
        if (now - next >= 0 && nextPublication.compareAndSet(next, now + batchIntervalNanos)) {
            publish();
        }
    }

    /**
     * Reports what was refused since the last summary, if anything, now.
     */
    public void flush() {
        publish();
    }

    /**
     * Flushes the pending summary: a change of level ends or changes the episode being reported.
     *
     * @param previous the level told before
     * @param current  the effective level now
     */
    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        flush();
    }

    private void publish() {
        synchronized (publicationLock) {
            Map<ShedReason, Long> counts = new EnumMap<>(ShedReason.class);
            for (ShedReason reason : REASONS) {
                long count = pending[reason.ordinal()].sumThenReset();
                if (count > 0) {
                    counts.put(reason, count);
                }
            }
            if (counts.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            SheddingSummary summary = new SheddingSummary(windowStart, now, counts, lastShedLevel);
            windowStart = now;
            Listeners.notifyEach(listeners, listener -> listener.accept(summary), listenerFailures, logger,
                    this);
        }
    }

    /**
     * Requests refused for a reason since this shedder was created.
     *
     * @param reason the reason
     * @return the count
     */
    public long shedCount(ShedReason reason) {
        return totals[reason.ordinal()].sum();
    }

    /**
     * Registers a listener told of refused requests from now on, in batches: at most once per batch interval while
     * shedding goes on, and once more when pressure changes, with what was refused since the previous summary (why,
     * and over which period). A listener that throws is logged and counted; shedding carries on.
     *
     * @param listener the listener; not {@code null}
     */
    public void addListener(Consumer<SheddingSummary> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    public void removeListener(Consumer<SheddingSummary> listener) {
        listeners.remove(listener);
    }

    /**
     * How many times a listener threw since the shedder was created.
     *
     * @return the number of listener failures
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * The level from which every request is refused.
     *
     * @return the shedding level
     */
    public MemoryPressureLevel shedLevel() {
        return shedLevel;
    }

    /**
     * The level from which requests with a large body are refused.
     *
     * @return the large-request level
     */
    public MemoryPressureLevel largeRequestLevel() {
        return largeRequestLevel;
    }

    /**
     * The largest body, in bytes, a request may announce at the large-request level.
     *
     * @return the large-request threshold in bytes
     */
    public long largeRequestThreshold() {
        return largeRequestThreshold;
    }

    /**
     * The ratio of the heap's and the container's limits below which the large requests' expected memory must fit.
     *
     * @return the headroom threshold
     */
    public double largeRequestHeadroomThreshold() {
        return largeRequestHeadroomThreshold;
    }

    /**
     * What a large request's announced body is multiplied by to estimate the memory it holds.
     *
     * @return the factor, at least 1
     */
    public double largeRequestBodyFactor() {
        return largeRequestBodyFactor;
    }

    /**
     * A builder with the defaults: refuse everything at {@code CRITICAL}, bodies over 1 MiB from {@code HIGH},
     * summaries at most once a second, paced by {@link System#nanoTime()} and stamped by the system clock.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link LoadShedder}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private MemoryPressureLevel shedLevel = MemoryPressureLevel.CRITICAL;

        private MemoryPressureLevel largeRequestLevel = MemoryPressureLevel.HIGH;

        private long largeRequestThreshold = 1024 * 1024;

        private double largeRequestHeadroomThreshold = 0.95;

        private double largeRequestBodyFactor = 4.0;

        private Duration batchInterval = Duration.ofSeconds(1);

        private LongSupplier ticker = System::nanoTime;

        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The ratio below which the large requests' expected memory must fit, of the heap's and the container's
         * limits (default 0.95, the default CRITICAL threshold; set it to the CRITICAL threshold in use); in (0..1].
         *
         * @param threshold the ratio
         * @return this builder
         */
        public Builder largeRequestHeadroomThreshold(double threshold) {
            this.largeRequestHeadroomThreshold = threshold;
            return this;
        }

        /**
         * What a large request's announced body size is multiplied by to estimate the memory it holds (default 4:
         * parsing a body into objects costs several times its bytes; set it to the factor admission weighs bodies
         * by, so that both judge a body alike); at least 1.
         *
         * @param factor the factor
         * @return this builder
         */
        public Builder largeRequestBodyFactor(double factor) {
            this.largeRequestBodyFactor = factor;
            return this;
        }

        /**
         * The level from which every request is refused; above {@code NONE}.
         *
         * @param shedLevel the shedding level
         * @return this builder
         */
        public Builder shedLevel(MemoryPressureLevel shedLevel) {
            this.shedLevel = Objects.requireNonNull(shedLevel, "shedLevel");
            return this;
        }

        /**
         * The level from which requests with a large body are refused; above {@code NONE}.
         *
         * @param largeRequestLevel the large-request level
         * @return this builder
         */
        public Builder largeRequestLevel(MemoryPressureLevel largeRequestLevel) {
            this.largeRequestLevel = Objects.requireNonNull(largeRequestLevel, "largeRequestLevel");
            return this;
        }

        /**
         * The largest body, in bytes, a request may announce from the large-request level; zero or more.
         *
         * @param bytes the threshold in bytes
         * @return this builder
         */
        public Builder largeRequestThreshold(long bytes) {
            this.largeRequestThreshold = bytes;
            return this;
        }

        /**
         * The shortest time between two summaries while shedding goes on; positive.
         *
         * @param batchInterval the batch interval
         * @return this builder
         */
        public Builder batchInterval(Duration batchInterval) {
            this.batchInterval = Objects.requireNonNull(batchInterval, "batchInterval");
            return this;
        }

        /**
         * The nanosecond ticker that paces summaries (default {@link System#nanoTime()}); tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * The wall clock that stamps the period of each summary (default the system clock, in UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the shedder.
         *
         * @return the shedder
         * @throws IllegalArgumentException if a level is {@code NONE}, the threshold is negative or the batch
         *                                  interval is not positive
         */
        public LoadShedder build() {
            if (shedLevel == MemoryPressureLevel.NONE) {
                throw new IllegalArgumentException("shedLevel must be above NONE, or every request would be refused");
            }
            if (largeRequestLevel == MemoryPressureLevel.NONE) {
                throw new IllegalArgumentException(
                        "largeRequestLevel must be above NONE, or large requests would always be refused");
            }
            if (!(largeRequestHeadroomThreshold > 0 && largeRequestHeadroomThreshold <= 1)) {
                throw new IllegalArgumentException("largeRequestHeadroomThreshold must be in (0..1], was "
                        + largeRequestHeadroomThreshold);
            }
            if (!(largeRequestBodyFactor >= 1)) {
                throw new IllegalArgumentException("largeRequestBodyFactor must be at least 1, was "
                        + largeRequestBodyFactor);
            }
            if (largeRequestThreshold < 0) {
                throw new IllegalArgumentException("largeRequestThreshold must not be negative, was "
                        + largeRequestThreshold);
            }
            if (batchInterval.isNegative() || batchInterval.isZero()) {
                throw new IllegalArgumentException("batchInterval must be positive, was " + batchInterval);
            }
            return new LoadShedder(this);
        }
    }

    /**
     * Why a request was refused.
     *
     * @since 0.1.0
     */
    public enum ShedReason {

        /** Memory pressure reached the shedding level: all new work is refused. */
        PRESSURE("pressure"),

        /** The request announced a body larger than allowed at the current pressure level. */
        LARGE_REQUEST("large-request");

        private final String tag;

        ShedReason(String tag) {
            this.tag = tag;
        }

        /**
         * The value of the {@code reason} tag in metrics, such as {@code large-request}.
         *
         * @return the tag value
         */
        public String tag() {
            return tag;
        }
    }

    /**
     * The requests refused since the previous summary: load shedding reports in batches, not once per request.
     *
     * @param from   the end of the previous summary (or when shedding was set up)
     * @param to     when this summary was made
     * @param counts refused requests by reason; reasons with none are absent
     * @param level  the pressure level at the last refusal
     * @since 0.1.0
     */
    public record SheddingSummary(Instant from, Instant to, Map<ShedReason, Long> counts, MemoryPressureLevel level) {

        public SheddingSummary {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(level, "level");
            EnumMap<ShedReason, Long> copy = new EnumMap<>(ShedReason.class);
            copy.putAll(Objects.requireNonNull(counts, "counts"));
            counts = Collections.unmodifiableMap(copy);
        }

        /**
         * All refused requests in this summary.
         *
         * @return the sum of the counts
         */
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
