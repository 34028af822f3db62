package io.memguard.spring.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.memguard.quota.EvictionReason;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaRejection;
import io.memguard.quota.QuotaSnapshot;
import io.memguard.quota.QuotaStream;
import io.memguard.quota.QuotaStreamSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters of a {@link QuotaController}, all under {@code memguard.quota}.
 *
 * <p>Per-stream usage is capped in cardinality: the {@code topStreams} largest streams get their own
 * {@value #STREAM_USED} series, tagged with their id, and all others are summed into one series tagged
 * {@code stream=other}. The set of top streams is refreshed at the refresh interval on a daemon thread this
 * binder owns, which is why it is {@link AutoCloseable}. So 100,000 streams export {@code topStreams + 1}
 * series, not 100,000.
 *
 * <p>Nothing is registered, and no thread started, until the controller's first stream is opened: a controller
 * the application never uses exports nothing.
 *
 * <p>The counters (allocated bytes, evictions and evicted bytes per reason, rejections per limit, throttled, leaks,
 * callback failures) and the allocation rate all come from one {@link QuotaController#snapshot()}, which copies every
 * counter. Rather than one copy per meter (about twenty per scrape), a snapshot is reused for
 * {@value #SNAPSHOT_REUSE_MILLIS} ms: a scrape reads every meter well within that, scrapes come seconds apart, and
 * the counters of one scrape then come from one moment.
 *
 * @since 0.1.0
 */
public final class QuotaMetrics implements MeterBinder, AutoCloseable {

    /** Bytes held by all streams. */
    public static final String USED = "memguard.quota.used";

    /** The global limit in bytes. */
    public static final String LIMIT = "memguard.quota.limit";

    /** The soft, hard and critical thresholds in bytes, tagged {@code threshold}. */
    public static final String THRESHOLD = "memguard.quota.threshold";

    /** Global usage over the global limit. */
    public static final String USAGE_RATIO = "memguard.quota.usage.ratio";

    /** Open streams. */
    public static final String STREAMS = "memguard.quota.streams";

    /** Bytes admitted so far. */
    public static final String ALLOCATED = "memguard.quota.allocated";

    /** Bytes admitted per second, between the last two maintenance runs. */
    public static final String ALLOCATION_RATE = "memguard.quota.allocation.rate";

    /** Entries evicted, tagged {@code reason}. */
    public static final String EVICTIONS = "memguard.quota.evictions";

    /** Bytes evicted, tagged {@code reason}. */
    public static final String EVICTED = "memguard.quota.evicted";

    /** Allocations and new streams rejected, tagged {@code limit}. */
    public static final String REJECTIONS = "memguard.quota.rejections";

    /** Rate-limit acquisitions denied. */
    public static final String THROTTLED = "memguard.quota.throttled";

    /** Suspected leaks reported. */
    public static final String LEAKS = "memguard.quota.leaks";

    /** Callbacks, listeners and policies that threw. */
    public static final String CALLBACK_FAILURES = "memguard.quota.callback.failures";

    /** Bytes held per stream, tagged {@code stream}: the top streams and {@code other}. */
    public static final String STREAM_USED = "memguard.quota.stream.used";

    /** The {@code stream} tag value that sums every stream outside the top. */
    public static final String OTHER_STREAMS = "other";

    /** How long a snapshot of the controller's counters serves the meters read after it, in milliseconds. */
    static final long SNAPSHOT_REUSE_MILLIS = 1000;

    private static final long SNAPSHOT_REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_REUSE_MILLIS);

    private static final Logger logger = LoggerFactory.getLogger(QuotaMetrics.class);

    private final QuotaController controller;
    private final int topStreams;
    private final @Nullable Duration refreshInterval;
    private final LongSupplier ticker;
    private volatile @Nullable Reading lastReading;
    private final List<MultiGauge> streamGauges = new CopyOnWriteArrayList<>();
    private volatile List<QuotaStream> top = List.of();
    private @Nullable ScheduledExecutorService refresher;
    private boolean closed;

    /**
     * Creates the binder.
     *
     * @param controller      the controller to measure
     * @param topStreams      how many streams get their own series
     * @param refreshInterval how often the top streams are recomputed, or {@code null} to refresh only when
     *                        {@link #refresh()} is called
     */
    public QuotaMetrics(QuotaController controller, int topStreams, @Nullable Duration refreshInterval) {
        this(controller, topStreams, refreshInterval, System::nanoTime);
    }

    QuotaMetrics(QuotaController controller, int topStreams, @Nullable Duration refreshInterval, LongSupplier ticker) {
        if (topStreams < 0) {
            throw new IllegalArgumentException("topStreams must not be negative, was " + topStreams);
        }
        this.controller = controller;
        this.topStreams = topStreams;
        this.refreshInterval = refreshInterval;
        this.ticker = ticker;
    }

    /**
     * Registers the meters once the controller's first stream is opened.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        controller.whenFirstStreamOpened(() -> register(registry));
    }

    private void register(MeterRegistry registry) {
        Gauge.builder(USED, controller, QuotaController::usedBytes).description("Bytes held by all quota streams")
                .baseUnit(BaseUnits.BYTES).register(registry);
        Gauge.builder(LIMIT, controller, c -> c.configuration().globalLimitBytes())
                .description("The global quota limit").baseUnit(BaseUnits.BYTES).register(registry);
        threshold(registry, "soft", controller.configuration().softBytes());
        threshold(registry, "hard", controller.configuration().hardBytes());
        threshold(registry, "critical", controller.configuration().criticalBytes());
        Gauge.builder(USAGE_RATIO, controller, c -> (double) c.usedBytes() / c.configuration().globalLimitBytes())
                .description("Global quota usage over the global limit").register(registry);
        Gauge.builder(STREAMS, controller, c -> c.streams().size()).description("Open quota streams")
                .baseUnit("streams").register(registry);
        FunctionCounter.builder(ALLOCATED, controller, c -> snapshot().allocatedBytes())
                .description("Bytes admitted by quota allocations").baseUnit(BaseUnits.BYTES).register(registry);
        Gauge.builder(ALLOCATION_RATE, controller, c -> snapshot().allocationRate())
                .description("Bytes admitted per second, measured between the last two maintenance runs")
                .baseUnit("bytes.per.second").register(registry);
        for (EvictionReason reason : EvictionReason.values()) {
            Tags tags = Tags.of("reason", reason.id());
            FunctionCounter.builder(EVICTIONS, controller, c -> snapshot().evictions(reason)).tags(tags)
                    .description("Entries evicted from quota streams").register(registry);
            FunctionCounter.builder(EVICTED, controller, c -> snapshot().evictedBytes(reason)).tags(tags)
                    .description("Bytes evicted from quota streams").baseUnit(BaseUnits.BYTES).register(registry);
        }
        for (QuotaRejection.Limit limit : QuotaRejection.Limit.values()) {
            FunctionCounter.builder(REJECTIONS, controller, c -> snapshot().rejections(limit))
                    .tags("limit", limit.id())
                    .description("Allocations and new streams rejected by a quota limit").register(registry);
        }
        FunctionCounter.builder(THROTTLED, controller, c -> snapshot().throttled())
                .description("Quota rate-limit acquisitions denied").register(registry);
        FunctionCounter.builder(LEAKS, controller, c -> snapshot().suspectedLeaks())
                .description("Quota streams reported as suspected leaks").register(registry);
        FunctionCounter.builder(CALLBACK_FAILURES, controller, c -> snapshot().callbackFailures())
                .description("Quota callbacks, listeners and eviction policies that threw").register(registry);
        streamGauges.add(MultiGauge.builder(STREAM_USED)
                .description("Bytes held by the largest quota streams, and by all others as stream=other")
                .baseUnit(BaseUnits.BYTES).register(registry));
        refresh();
        startRefreshing();
    }

    /**
     * The controller's counters, taken again once the last snapshot is {@value #SNAPSHOT_REUSE_MILLIS} ms old. Two
     * meters read at once may both take one: harmless, and cheaper than a lock on every read.
     */
    private QuotaSnapshot snapshot() {
        long now = ticker.getAsLong();
        Reading reading = lastReading;
        if (reading == null || now - reading.takenAt() >= SNAPSHOT_REUSE_NANOS) {
            reading = new Reading(now, controller.snapshot());
            lastReading = reading;
        }
        return reading.snapshot();
    }

    private record Reading(long takenAt, QuotaSnapshot snapshot) {
    }

    private void threshold(MeterRegistry registry, String name, long bytes) {
        Gauge.builder(THRESHOLD, () -> bytes).tags("threshold", name)
                .description("A threshold of the global quota limit").baseUnit(BaseUnits.BYTES).register(registry);
    }

    /**
     * Recomputes which streams get their own series.
     */
    public synchronized void refresh() {
        List<QuotaStream> largest = new ArrayList<>(topStreams);
        for (QuotaStreamSnapshot usage : controller.topStreams(topStreams)) {
            controller.findStream(usage.stream()).ifPresent(largest::add);
        }
        this.top = List.copyOf(largest);
        List<MultiGauge.Row<?>> rows = new ArrayList<>(largest.size() + 1);
        for (QuotaStream stream : largest) {
            rows.add(MultiGauge.Row.of(Tags.of("stream", stream.id()), stream, QuotaStream::usedBytes));
        }
        rows.add(MultiGauge.Row.of(Tags.of("stream", OTHER_STREAMS), this, QuotaMetrics::otherStreamsBytes));
        for (MultiGauge gauge : streamGauges) {
            gauge.register(rows, true);
        }
    }

    private double otherStreamsBytes() {
        long other = controller.usedBytes();
        for (QuotaStream stream : top) {
            other -= stream.usedBytes();
        }
        return Math.max(0, other);
    }

    private synchronized void startRefreshing() {
        if (refreshInterval == null || refresher != null || closed) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "memguard-quota-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long interval = refreshInterval.toNanos();
        executor.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.NANOSECONDS);
        refresher = executor;
    }

    private void refreshQuietly() {
        try {
            refresh();
        }
        catch (RuntimeException ex) {
            logger.warn("Refreshing the per-stream quota metrics failed; retrying at the next interval", ex);
        }
    }

    /**
     * Stops the refresh thread.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}
