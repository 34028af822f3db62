package io.memguard.quota;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * A {@link QuotaController} whose working controller is made on its first use, so that an application that never
 * opens a stream pays neither for its classes nor for its thread.
 *
 * <p>Until then it keeps what the working controller must learn at birth: the listeners added, the actions waiting
 * for the first stream, and the last pressure change it was told (by the monitor, which it joins at once, or by
 * low-memory mode); a controller's reaction to pressure depends only on the last level it heard, so replaying that
 * one change gives the working controller the state it would have had from the start. Its configuration is checked
 * when this is built and answered without making the controller. Every other call makes it, once, under a lock; after
 * that a call costs one volatile read more than on the working controller.
 */
final class OnFirstUseQuotaController implements QuotaController {

    private final QuotaConfiguration configuration;

    /** Makes the working controller: started, with the builder's listeners, not registered with any monitor. */
    private final Supplier<QuotaController> factory;

    private final Object lock = new Object();

    private volatile @Nullable QuotaController made;

    /** Guarded by {@code lock} until the controller is made. */
    private final List<QuotaListener> listeners = new ArrayList<>();

    /** Guarded by {@code lock} until the controller is made. */
    private final List<Runnable> firstStreamActions = new ArrayList<>();

    /** Guarded by {@code lock} until the controller is made. */
    private MemoryPressureLevel lastLevel = MemoryPressureLevel.NONE;

    /** Guarded by {@code lock}. */
    private boolean closed;

    OnFirstUseQuotaController(QuotaConfiguration configuration, Supplier<QuotaController> factory) {
        this.configuration = configuration;
        this.factory = factory;
    }

    /** Whether the working controller has been made; for tests. */
    boolean isMade() {
        return made != null;
    }

    private QuotaController controller() {
        QuotaController controller = made;
        if (controller != null) {
            return controller;
        }
        synchronized (lock) {
            if (made == null) {
                made = make();
            }
            return made;
        }
    }

    /** Called under {@code lock}. */
    private QuotaController make() {
        QuotaController controller = factory.get();
        listeners.forEach(controller::addListener);
        firstStreamActions.forEach(controller::whenFirstStreamOpened);
        if (lastLevel != MemoryPressureLevel.NONE) {
            controller.onPressureLevel(MemoryPressureLevel.NONE, lastLevel);
        }
        if (closed) {
            controller.close();
        }
        listeners.clear();
        firstStreamActions.clear();
        return controller;
    }

    /**
     * Runs {@code beforeMade} under the lock if the controller is not made yet.
     *
     * @return {@code true} if it ran; {@code false} if the controller is made and the call goes to it
     */
    private boolean whileNotMade(Runnable beforeMade) {
        synchronized (lock) {
            if (made == null) {
                beforeMade.run();
                return true;
            }
            return false;
        }
    }

    /** The made controller, once {@link #whileNotMade} said so: it is made once and never unset. */
    private QuotaController made() {
        return Objects.requireNonNull(made, "made");
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        if (made != null || !whileNotMade(() -> lastLevel = current)) {
            made().onPressureLevel(previous, current);
        }
    }

    @Override
    public void whenFirstStreamOpened(Runnable action) {
        if (!whileNotMade(() -> firstStreamActions.add(action))) {
            made().whenFirstStreamOpened(action);
        }
    }

    @Override
    public void addListener(QuotaListener listener) {
        if (!whileNotMade(() -> listeners.add(listener))) {
            made().addListener(listener);
        }
    }

    @Override
    public void removeListener(QuotaListener listener) {
        if (!whileNotMade(() -> listeners.remove(listener))) {
            made().removeListener(listener);
        }
    }

    @Override
    public QuotaConfiguration configuration() {
        return configuration;
    }

    @Override
    public QuotaStream stream(String id) {
        return controller().stream(id);
    }

    @Override
    public Optional<QuotaStream> findStream(String id) {
        return controller().findStream(id);
    }

    @Override
    public Collection<QuotaStream> streams() {
        return controller().streams();
    }

    @Override
    public List<StreamUsage> topStreams(int limit) {
        return controller().topStreams(limit);
    }

    @Override
    public long usedBytes() {
        return controller().usedBytes();
    }

    @Override
    public QuotaUsage usage() {
        return controller().usage();
    }

    @Override
    public QuotaState state() {
        return controller().state();
    }

    @Override
    public QuotaComponent component(String name) {
        return controller().component(name);
    }

    @Override
    public QuotaStatistics statistics() {
        return controller().statistics();
    }

    @Override
    public void runMaintenance() {
        controller().runMaintenance();
    }

    /** Leaves the monitor and closes the working controller if it was made; one made later is closed at birth. */
    @Override
    public void close() {
        QuotaController controller;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            controller = made;
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Override
    public String toString() {
        QuotaController controller = made;
        return (controller != null) ? controller.toString()
                : "QuotaController[not used yet, limit=" + configuration.globalLimitBytes() + "]";
    }
}
