package io.memguard.autoconfigure.pool;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.memguard.pool.ObjectPoolRegistry;

/**
 * Looks for abandoned objects in every registered pool at a fixed interval, on one daemon thread, while the
 * application context runs. The thread starts with the first pool registered, so that an application without object
 * pools has no thread for them.
 *
 * @since 0.1.0
 */
final class AbandonedObjectChecker implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(AbandonedObjectChecker.class);

    private final ObjectPoolRegistry registry;

    private final Duration interval;

    /** Guarded by {@code this}. */
    private boolean running;

    /** Guarded by {@code this}; whether this listens to the registry's registrations (once for its lifetime). */
    private boolean listening;

    /** Guarded by {@code this}; {@code null} until a pool is registered while running. */
    private @Nullable ScheduledExecutorService executor;

    /**
     * Creates the checker.
     *
     * @param registry the pools to check
     * @param interval the time between two checks
     */
    AbandonedObjectChecker(ObjectPoolRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!listening) {
            listening = true;
            registry.onRegistration((pool) -> poolRegistered());
        }
        if (!registry.pools().isEmpty()) {
            poolRegistered();
        }
    }

    private synchronized void poolRegistered() {
        if (running && executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "memguard-abandoned-objects");
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** Whether the checking thread runs; for tests. */
    synchronized boolean isChecking() {
        return executor != null;
    }

    private void check() {
        try {
            registry.detectAbandoned();
        }
        catch (RuntimeException ex) {
            // A failing check must not cancel the schedule: log it and check again next time.
            logger.warn("memguard: the check for abandoned pooled objects failed; it runs again in {}", interval, ex);
        }
    }
}
