package io.memguard.admission;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The memory each route costs, learned from what its requests allocated: a smoothed (exponentially weighted) average
 * per route template, so that admission weighs a request by what requests like it cost before.
 *
 * <p>Cardinality is bounded: the first {@code maxRoutes} templates seen get a cost of their own, every later one
 * shares {@link #OTHER}. Route templates come from the application's mappings ({@code /orders/{id}}), not from raw
 * paths, so an application rarely has more than the bound; the endpoint shows when it does.
 *
 * <p>A route no request has completed yet is weighed by the body it announces times {@code bodyFactor} (parsing a
 * body costs several times its size), or the default cost without a body. A known route is weighed by the larger of
 * its average and that announced-body estimate, so that an 8 MiB import on a route averaging 2 MiB is not
 * under-weighed.
 *
 * <p>Looking up a known route and recording a cost neither lock nor allocate.
 *
 * @since 0.2.0
 */
public final class RouteCosts {

    /** The name of the shared entry for routes beyond the bound, and for requests without a route. */
    public static final String OTHER = "other";

    private final int maxRoutes;

    private final double smoothing;

    private final long defaultCost;

    private final double bodyFactor;

    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

    private final AtomicInteger named = new AtomicInteger();

    private final Route other;

    private final CopyOnWriteArrayList<Consumer<Route>> routeListeners = new CopyOnWriteArrayList<>();

    private RouteCosts(Builder builder) {
        this.maxRoutes = builder.maxRoutes;
        this.smoothing = builder.smoothing;
        this.defaultCost = builder.defaultCost;
        this.bodyFactor = builder.bodyFactor;
        this.other = new Route(OTHER);
        this.routes.put(OTHER, other);
    }

    /**
     * Starts a builder with the defaults: 50 routes, a smoothing of 0.2, a default cost of 64 KiB and a body factor
     * of 4.
     *
     * @return a new builder
     * @since 0.2.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The entry of a route template: its own while fewer than {@code maxRoutes} have one, {@link #OTHER} after.
     *
     * @param template the route template, such as {@code /orders/{id}}, or {@code null} when there is none
     * @return the route's entry
     */
    public Route route(@Nullable String template) {
        if (template == null) {
            return other;
        }
        Route route = routes.get(template);
        if (route != null) {
            return route;
        }
        if (named.get() >= maxRoutes) {
            return other;
        }
        Route created = routes.computeIfAbsent(template, (name) -> (named.getAndIncrement() < maxRoutes)
                ? new Route(name) : other);
        if (created != other && created.announced.compareAndSet(false, true)) {
            for (Consumer<Route> listener : routeListeners) {
                listener.accept(created);
            }
        }
        return created;
    }

    /**
     * Registers a listener told of every route that gets a cost of its own from now on, and of every one that has one
     * already, {@link #OTHER} included (for a meter per route). A route that appears while the listener is being added
     * may be told twice; the listener must be idempotent, as registering a meter is.
     *
     * @param listener the listener; not {@code null}
     */
    public void addRouteListener(Consumer<Route> listener) {
        Objects.requireNonNull(listener, "listener");
        routeListeners.add(listener);
        for (Route route : routes.values()) {
            if (route == other || route.announced.get()) {
                listener.accept(route);
            }
        }
    }

    /**
     * The weight to admit a request with.
     *
     * @param route         its route's entry
     * @param contentLength the body size it announced, or {@code -1}
     * @return the expected bytes, at least 1
     */
    public long expectedCost(Route route, long contentLength) {
        long announced = (contentLength > 0) ? (long) Math.min(Long.MAX_VALUE / 2, contentLength * bodyFactor) : 0;
        long learned = route.averageBytes();
        if (learned > 0) {
            return Math.max(learned, announced);
        }
        return (announced > 0) ? announced : defaultCost;
    }

    /**
     * Records what one request of a route allocated.
     *
     * @param route          the route's entry
     * @param allocatedBytes the bytes the request allocated; ignored when negative (not measured)
     */
    public void record(Route route, long allocatedBytes) {
        if (allocatedBytes >= 0) {
            route.record(Math.max(1, allocatedBytes), smoothing);
        }
    }

    /**
     * Every route with a measured cost, costliest first.
     *
     * @return the routes, {@link #OTHER} included when it was measured
     */
    public List<Route> routes() {
        List<Route> list = new ArrayList<>();
        for (Route route : routes.values()) {
            if (route.count() > 0) {
                list.add(route);
            }
        }
        list.sort(Comparator.comparingLong(Route::averageBytes).reversed());
        return list;
    }

    /**
     * How many templates may get a cost of their own.
     *
     * @return the bound
     */
    public int maxRoutes() {
        return maxRoutes;
    }

    /**
     * The bytes the current thread has allocated since it started, from HotSpot's per-thread allocation counter
     * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), where the JVM provides and enables it:
     * the difference of two readings on the same thread is what the code between them allocated, short-lived garbage
     * included, which is what {@link #record} learns from. Costs a few tens of nanoseconds and allocates nothing.
     *
     * @return the running total, or {@code -1} where this JVM does not measure it
     * @since 0.2.0
     */
    public static long threadAllocatedBytes() {
        return ThreadAllocation.currentThread();
    }

    /**
     * Whether this JVM measures allocation per thread.
     *
     * @return {@code true} where {@link #threadAllocatedBytes()} returns readings
     * @since 0.2.0
     */
    public static boolean allocationMeasured() {
        return ThreadAllocation.isSupported();
    }

    /**
     * One route's learned cost. Recording is lock-free: the average is a double kept in a long by its bits and
     * updated by compare-and-set.
     *
     * @since 0.2.0
     */
    public static final class Route {

        private final String name;

        private final AtomicLong averageBits = new AtomicLong(Double.doubleToRawLongBits(0.0));

        private final LongAdder count = new LongAdder();

        private final AtomicBoolean announced = new AtomicBoolean();

        private Route(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        void record(long bytes, double smoothing) {
            for (;;) {
                long bits = averageBits.get();
                double average = Double.longBitsToDouble(bits);
                double next = (average == 0.0) ? bytes : average + smoothing * (bytes - average);
                if (averageBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
                    break;
                }
            }
            count.increment();
        }

        /**
         * The route template, or {@link RouteCosts#OTHER}.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * The smoothed bytes one request allocates, or 0 before the first measurement.
         *
         * @return bytes
         */
        public long averageBytes() {
            return (long) Double.longBitsToDouble(averageBits.get());
        }

        /**
         * Requests measured.
         *
         * @return the count since start
         */
        public long count() {
            return count.sum();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Builds a {@link RouteCosts}. Each setter checks its argument at once and names it when it is wrong.
     *
     * @since 0.2.0
     */
    public static final class Builder {

        private int maxRoutes = 50;

        private double smoothing = 0.2;

        private long defaultCost = 64 * 1024;

        private double bodyFactor = 4.0;

        private Builder() {
        }

        /**
         * Sets how many templates get a cost of their own; later ones share {@link RouteCosts#OTHER}. Default 50.
         *
         * @param maxRoutes at least 1
         * @return this builder
         */
        public Builder maxRoutes(int maxRoutes) {
            if (maxRoutes < 1) {
                throw new IllegalArgumentException("maxRoutes must be at least 1, was " + maxRoutes);
            }
            this.maxRoutes = maxRoutes;
            return this;
        }

        /**
         * Sets the weight of each new measurement in a route's average. Default 0.2.
         *
         * @param smoothing in (0..1]
         * @return this builder
         */
        public Builder smoothing(double smoothing) {
            if (!(smoothing > 0 && smoothing <= 1)) {
                throw new IllegalArgumentException("smoothing must be in (0..1], was " + smoothing);
            }
            this.smoothing = smoothing;
            return this;
        }

        /**
         * Sets the cost of a route not measured yet, without a body. Default 64 KiB.
         *
         * @param defaultCost bytes, at least 1
         * @return this builder
         */
        public Builder defaultCost(long defaultCost) {
            if (defaultCost < 1) {
                throw new IllegalArgumentException("defaultCost must be at least 1, was " + defaultCost);
            }
            this.defaultCost = defaultCost;
            return this;
        }

        /**
         * Sets what an announced body size is multiplied by to estimate a cost (parsing a body costs several times
         * its size). Default 4.
         *
         * @param bodyFactor at least 1
         * @return this builder
         */
        public Builder bodyFactor(double bodyFactor) {
            if (!(bodyFactor >= 1)) {
                throw new IllegalArgumentException("bodyFactor must be at least 1, was " + bodyFactor);
            }
            this.bodyFactor = bodyFactor;
            return this;
        }

        /**
         * Makes the table.
         *
         * @return a new, empty table
         */
        public RouteCosts build() {
            return new RouteCosts(this);
        }
    }
}
