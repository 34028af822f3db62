package io.memguard.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * Per-stream memory budgets under one global budget: accounts every byte a stream holds, reclaims memory by
 * the configured {@link EvictionPolicy} when budgets fill, and rejects what cannot fit with a
 * {@link QuotaExceededException} that says which limit refused and by how much.
 *
 * <pre>{@code
 * QuotaController quotas = QuotaController.builder()
 *         .globalLimit(512 * 1024 * 1024)
 *         .defaultStreamLimit(16 * 1024 * 1024)
 *         .components("frames", "metadata")
 *         .build();
 * QuotaStream camera = quotas.stream("camera-7");
 * QuotaEntry frame = camera.admit(frameId, "frames", bytes.length, 0, (entry, reason) -> drop(frameId));
 * }</pre>
 *
 * <p>The controller is also a {@link PressureAware} component: at the HIGH level it evicts down to the soft
 * threshold, at CRITICAL it evicts everything evictable; low-memory mode sets it to HIGH. Subscribe it with
 * {@code io.memguard.protect.EffectivePressure} (Spring Boot does so for every controller bean).
 *
 * @since 0.1.0
 */
public interface QuotaController extends PressureAware, AutoCloseable {

    /**
     * Low-memory mode evicts to the soft threshold, as HIGH does.
     *
     * @return {@code HIGH}
     */
    @Override
    default MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.HIGH;
    }

    /**
     * Starts a builder with the defaults: half the max heap as the global limit, 64 MiB per stream, thresholds
     * 0.80/0.95/0.98, one component named {@code default}, evict over a stream's limit, LRU, no minimum
     * retention, no rate limits, leak threshold 64 MiB for 5 minutes.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The stream with this id, created under the stream's limit if it is not open.
     *
     * @param id the stream's id, not blank
     * @return the open stream
     * @throws QuotaExceededException if the stream is new and the global quota is at its critical threshold
     */
    QuotaStream stream(String id);

    /**
     * The stream with this id, if it is open.
     *
     * @param id the stream's id
     * @return the stream, or empty
     */
    Optional<QuotaStream> findStream(String id);

    /**
     * The open streams, as a live read-only view.
     *
     * @return every open stream
     */
    Collection<QuotaStream> streams();

    /**
     * The streams holding the most bytes, most first.
     *
     * @param limit how many to return at most
     * @return the usage of up to {@code limit} streams
     */
    List<QuotaStreamSnapshot> topStreams(int limit);

    /**
     * The bytes held by all streams together. Global usage equals the sum of the streams' usage whenever no
     * allocation or release is under way; while some are, it differs by at most their bytes. The bytes of
     * admitted allocations never exceed the critical threshold; this figure may, for an instant, by the bytes of
     * allocations still under way.
     *
     * @return the global usage in bytes
     */
    long usedBytes();

    /**
     * The global usage with the limit, thresholds and state, and what the controller has done so far: evictions,
     * rejections, leaks, throughput.
     *
     * @return a snapshot of the global quota
     */
    QuotaSnapshot snapshot();

    /**
     * Where global usage stands against the thresholds.
     *
     * @return the state now
     */
    QuotaSnapshot.State state();

    /**
     * The settings this controller runs with.
     *
     * @return the validated configuration
     */
    QuotaConfiguration configuration();

    /**
     * Resolves a component name once, for hot paths.
     *
     * @param name a declared component name
     * @return the component
     * @throws IllegalArgumentException if the component was not declared
     */
    Component component(String name);

    /**
     * Runs {@code action} when the first stream is opened (on the opening thread), or at once if one has been
     * opened already: what only matters once the controller is used, such as its meters, waits for it. Every
     * allocation goes through a stream, so nothing is admitted before this runs. An action that throws is logged
     * and counted with the {@linkplain QuotaSnapshot#callbackFailures() callback failures}. Implementations that
     * do not track use run the action at once.
     *
     * @param action what to do
     * @since 0.1.0
     */
    default void whenFirstStreamOpened(Runnable action) {
        action.run();
    }

    /**
     * Registers a listener told of evictions, back-pressure and suspected leaks from now on.
     *
     * @param listener the listener
     */
    void addListener(QuotaListener listener);

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener
     */
    void removeListener(QuotaListener listener);

    /**
     * Runs the periodic work once: leak checks, the allocation rate, eviction while the JVM pressure is HIGH
     * or above, and background eviction while global usage is above the soft threshold. Called at the
     * {@linkplain QuotaConfiguration#maintenanceInterval() maintenance interval} when one is configured.
     * Does nothing if a run is already under way.
     */
    void runMaintenance();

    /**
     * Stops the controller's own thread and unregisters it from the pressure monitor. Streams stay usable;
     * nothing runs in the background any more.
     */
    @Override
    void close();

    /**
     * A resolved component name, such as {@code frames}: passing it instead of the name saves a map look-up on
     * hot paths. Obtained from {@link QuotaController#component(String)} and only valid with that controller.
     *
     * @since 0.1.0
     */
    final class Component {

        private final Object owner;
        private final String name;
        private final int index;

        Component(Object owner, String name, int index) {
            this.owner = owner;
            this.name = name;
            this.index = index;
        }

        /**
         * The component's name.
         *
         * @return the name declared to the controller
         */
        public String name() {
            return name;
        }

        int index() {
            return index;
        }

        boolean belongsTo(Object controller) {
            return owner == controller;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Builds a {@link QuotaController}. Each setter checks its argument at once and names it when it is wrong.
     *
     * @since 0.1.0
     */
    final class Builder {

        private static final long MIB = 1024 * 1024;

        /** See {@link #evictionHeadroom(double)}. */
        private static final double DEFAULT_EVICTION_HEADROOM = 0.05;

        private long globalLimitBytes;
        private double globalLimitRatio = 0.5;
        private QuotaThresholds thresholds = QuotaThresholds.DEFAULTS;
        private long defaultStreamLimitBytes = 64 * MIB;
        private final Map<String, Long> streamLimits = new LinkedHashMap<>();
        private List<String> components = List.of("default");
        private OverLimitAction overLimitAction = OverLimitAction.EVICT;
        private EvictionPolicy evictionPolicy = EvictionPolicy.lru();
        private double evictionHeadroom = DEFAULT_EVICTION_HEADROOM;
        private Duration minimumRetention = Duration.ZERO;
        private boolean minimumRetentionAtCritical;
        private @Nullable RateLimit streamRateLimit;
        private @Nullable RateLimit globalRateLimit;
        private long leakThresholdBytes = 64 * MIB;
        private Duration leakWindow = Duration.ofMinutes(5);
        private @Nullable Duration maintenanceInterval;
        private LongSupplier ticker = System::nanoTime;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private @Nullable Executor backgroundExecutor;
        private final List<QuotaListener> listeners = new ArrayList<>();

        Builder() {
        }

        /**
         * Sets the global limit in bytes, instead of a ratio of the max heap.
         *
         * @param bytes the most all streams together may hold, positive
         * @return this builder
         */
        public Builder globalLimit(long bytes) {
            QuotaConfiguration.requirePositive("globalLimit", bytes);
            this.globalLimitBytes = bytes;
            return this;
        }

        /**
         * Sets the global limit as a fraction of the JVM's max heap ({@code -Xmx}); used unless
         * {@link #globalLimit(long)} is set. Default 0.5.
         *
         * @param ratio a ratio in (0, 1]
         * @return this builder
         */
        public Builder globalLimitRatio(double ratio) {
            if (!(ratio > 0.0 && ratio <= 1.0)) {
                throw new IllegalArgumentException("globalLimitRatio must be a ratio of the max heap in (0, 1], was "
                        + ratio + "; use for example 0.5 for half the heap");
            }
            this.globalLimitRatio = ratio;
            this.globalLimitBytes = 0;
            return this;
        }

        /**
         * Sets where the global quota starts to push back, as fractions of the global limit: above {@code soft},
         * entries are evicted across streams in the background; above {@code hard}, an allocation first evicts
         * synchronously, then is admitted; at or above {@code critical}, new allocations and new streams are
         * rejected. Default 0.80, 0.95 and 0.98.
         *
         * @param soft     start background eviction, in (0, 1]
         * @param hard     evict before admitting, in (0, 1], above {@code soft}
         * @param critical reject, in (0, 1], above {@code hard}
         * @return this builder
         */
        public Builder thresholds(double soft, double hard, double critical) {
            this.thresholds = new QuotaThresholds(soft, hard, critical);
            return this;
        }

        /**
         * Sets the limit of every stream that has no override.
         *
         * @param bytes a positive limit
         * @return this builder
         */
        public Builder defaultStreamLimit(long bytes) {
            QuotaConfiguration.requirePositive("defaultStreamLimit", bytes);
            this.defaultStreamLimitBytes = bytes;
            return this;
        }

        /**
         * Overrides the limit of one stream.
         *
         * @param stream the stream's id
         * @param bytes  its positive limit
         * @return this builder
         */
        public Builder streamLimit(String stream, long bytes) {
            Objects.requireNonNull(stream, "stream");
            QuotaConfiguration.requirePositive("limit of stream '" + stream + "'", bytes);
            this.streamLimits.put(stream, bytes);
            return this;
        }

        /**
         * Declares the components bytes are accounted to, replacing the single {@code default} component.
         *
         * @param names unique, non-blank names such as {@code frames}, {@code gop}, {@code packets}
         * @return this builder
         */
        public Builder components(String... names) {
            return components(List.of(names));
        }

        /**
         * Declares the components bytes are accounted to, replacing the single {@code default} component.
         *
         * @param names unique, non-blank names
         * @return this builder
         */
        public Builder components(List<String> names) {
            List<String> copy = List.copyOf(names);
            QuotaConfiguration.requireValidComponents(copy);
            this.components = copy;
            return this;
        }

        /**
         * Sets what an allocation over its stream's limit does. Default {@link OverLimitAction#EVICT}.
         *
         * @param action evict within the stream, or reject
         * @return this builder
         */
        public Builder overLimitAction(OverLimitAction action) {
            this.overLimitAction = Objects.requireNonNull(action, "overLimitAction");
            return this;
        }

        /**
         * Sets which entries are evicted first. Default {@link EvictionPolicy#lru()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder evictionPolicy(EvictionPolicy policy) {
            this.evictionPolicy = Objects.requireNonNull(policy, "evictionPolicy");
            return this;
        }

        /**
         * Sets how far below its limit a stream that went over it evicts, as a fraction of the limit. Choosing
         * the victims means ordering all of the stream's entries, so evicting only the bytes one allocation needs
         * would make every allocation into a full stream pay that ordering; evicting a little further lets the
         * next allocations in without another run. Default 0.05; 0 evicts only what each allocation needs.
         *
         * @param headroom a fraction of the stream's limit in [0, 0.5]
         * @return this builder
         */
        public Builder evictionHeadroom(double headroom) {
            QuotaConfiguration.requireValidHeadroom(headroom);
            this.evictionHeadroom = headroom;
            return this;
        }

        /**
         * Protects entries younger than this from eviction. Default zero: no protection.
         *
         * @param retention a duration, not negative
         * @return this builder
         */
        public Builder minimumRetention(Duration retention) {
            QuotaConfiguration.requireNotNegative("minimumRetention", retention);
            this.minimumRetention = retention;
            return this;
        }

        /**
         * Sets whether young entries stay protected at the critical level. Default {@code false}: at critical,
         * young entries are evicted too.
         *
         * @param retain {@code true} to protect them even then
         * @return this builder
         */
        public Builder minimumRetentionAtCritical(boolean retain) {
            this.minimumRetentionAtCritical = retain;
            return this;
        }

        /**
         * Gives every stream its own token bucket.
         *
         * @param limit the rate and burst of each stream, or {@code null} for none
         * @return this builder
         */
        public Builder streamRateLimit(@Nullable RateLimit limit) {
            this.streamRateLimit = limit;
            return this;
        }

        /**
         * Adds a token bucket shared by all streams.
         *
         * @param limit the global rate and burst, or {@code null} for none
         * @return this builder
         */
        public Builder globalRateLimit(@Nullable RateLimit limit) {
            this.globalRateLimit = limit;
            return this;
        }

        /**
         * Sets when a stream is reported as a suspected leak: holding more than {@code thresholdBytes} outside
         * evictable entries for longer than {@code window}.
         *
         * @param thresholdBytes bytes, not negative
         * @param window         a positive duration
         * @return this builder
         */
        public Builder leakDetection(long thresholdBytes, Duration window) {
            QuotaConfiguration.requireNotNegative("leakThreshold", thresholdBytes);
            QuotaConfiguration.requirePositive("leakWindow", window);
            this.leakThresholdBytes = thresholdBytes;
            this.leakWindow = window;
            return this;
        }

        /**
         * Makes the controller run {@link QuotaController#runMaintenance()} itself at this interval, on its own
         * daemon thread. Without it, the owner calls it.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder maintenanceInterval(Duration interval) {
            QuotaConfiguration.requirePositive("maintenanceInterval", interval);
            this.maintenanceInterval = interval;
            return this;
        }

        /**
         * Sets the time source, in nanoseconds, for entry ages, leak windows and token buckets. Default
         * {@link System#nanoTime()}; tests pass a manual clock.
         *
         * @param ticker the time source
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets where background eviction and pressure reactions run. Default: the controller's own daemon
         * thread.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder backgroundExecutor(Executor executor) {
            this.backgroundExecutor = Objects.requireNonNull(executor, "backgroundExecutor");
            return this;
        }

        /**
         * Adds a listener from the start.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(QuotaListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Builds the controller; it starts its own daemon thread unless a background executor is given and no
         * maintenance interval is set.
         *
         * @return the controller
         * @throws IllegalStateException if the global limit is a ratio and the max heap is unknown
         */
        public QuotaController build() {
            return new DefaultQuotaController(configuration(), ticker, sleeper, backgroundExecutor, listeners).start();
        }

        /**
         * Builds a controller that is made on its first use: until a stream is opened or the controller is read,
         * it starts no thread and loads none of the classes that do the work, which keeps an application that never
         * uses quotas from paying for them at start-up. The settings are checked now, as by {@link #build()}; the
         * listeners, the actions waiting for the first stream and the pressure level known before the first use
         * reach the controller when it is made. {@link QuotaController#configuration()},
         * {@link QuotaController#whenFirstStreamOpened(Runnable)}, the listener methods, the pressure changes and
         * {@link QuotaController#close()} do not make it.
         *
         * @return the controller
         * @throws IllegalStateException if the global limit is a ratio and the max heap is unknown
         * @since 0.1.0
         */
        public QuotaController buildOnFirstUse() {
            QuotaConfiguration configuration = configuration();
            LongSupplier ticker = this.ticker;
            Sleeper sleeper = this.sleeper;
            Executor backgroundExecutor = this.backgroundExecutor;
            List<QuotaListener> listeners = List.copyOf(this.listeners);
            return new OnFirstUseQuotaController(configuration,
                    () -> new DefaultQuotaController(configuration, ticker, sleeper, backgroundExecutor, listeners)
                            .start());
        }

        private QuotaConfiguration configuration() {
            return new QuotaConfiguration(resolveGlobalLimit(), thresholds.soft(), thresholds.hard(),
                    thresholds.critical(), defaultStreamLimitBytes, streamLimits,
                    components, overLimitAction, evictionPolicy, evictionHeadroom, minimumRetention,
                    minimumRetentionAtCritical, streamRateLimit, globalRateLimit, leakThresholdBytes, leakWindow,
                    maintenanceInterval);
        }

        private long resolveGlobalLimit() {
            if (globalLimitBytes > 0) {
                return globalLimitBytes;
            }
            long maxHeap = Runtime.getRuntime().maxMemory();
            if (maxHeap == Long.MAX_VALUE) {
                throw new IllegalStateException("the global quota limit is a ratio of the max heap, but this JVM "
                        + "reports no max heap; set a global limit in bytes");
            }
            return (long) Math.floor(globalLimitRatio * maxHeap);
        }
    }

    /**
     * What an allocation does when it would take a stream over its own limit.
     *
     * @since 0.1.0
     */
    public enum OverLimitAction {

        /** Evict the stream's own entries, by the eviction policy, to make room; reject only if that is not enough. */
        EVICT,

        /** Reject the allocation at once with a {@link QuotaExceededException}. */
        REJECT
    }

    /**
     * A token-bucket rate: bytes per second sustained, with bursts up to {@code burstBytes}.
     *
     * @param bytesPerSecond the sustained rate, positive
     * @param burstBytes     the largest amount that can be acquired at once after a quiet period, positive
     * @since 0.1.0
     */
    public record RateLimit(long bytesPerSecond, long burstBytes) {

        public RateLimit {
            if (bytesPerSecond <= 0) {
                throw new IllegalArgumentException("bytesPerSecond must be positive, was " + bytesPerSecond);
            }
            if (burstBytes <= 0) {
                throw new IllegalArgumentException("burstBytes must be positive, was " + burstBytes
                        + "; use at least the largest single allocation you expect");
            }
        }
    }
}
