package io.memguard.quota;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.memguard.internal.MadeOnFirstUse;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * A {@link QuotaController} whose working controller is made on its first use, so that an application that never
 * opens a stream pays neither for its classes nor for its thread.
 *
 * <p>Until then it keeps what the working controller must learn at birth: the listeners added, the actions waiting
 * for the first stream, and the last pressure level it was told; a controller's reaction to pressure depends only on
 * the last level it heard, so replaying that one level gives the working controller the state it would have had from the start ({@link MadeOnFirstUse}). Its
 * configuration is checked when this is built and answered without making the controller. Every other call makes it,
 * once; after that a call costs one volatile read more than on the working controller.
 */
final class OnFirstUseQuotaController implements QuotaController {

    private final QuotaConfiguration configuration;

    private final MadeOnFirstUse<QuotaController> controller;

    /** Recorded until the controller is made, under its lock. */
    private final List<QuotaListener> listeners = new ArrayList<>();

    /** Recorded until the controller is made, under its lock. */
    private final List<Runnable> firstStreamActions = new ArrayList<>();

    /** Recorded until the controller is made, under its lock. */
    private MemoryPressureLevel lastLevel = MemoryPressureLevel.NONE;

    /** Recorded until the controller is made, under its lock. */
    private boolean closed;

    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param factory makes the working controller: started, with the builder's listeners, not registered with any
     *                monitor
     */
    OnFirstUseQuotaController(QuotaConfiguration configuration, Supplier<QuotaController> factory) {
        this.configuration = configuration;
        this.controller = new MadeOnFirstUse<>(() -> make(factory.get()));
    }

    /** Whether the working controller has been made; for tests. */
    boolean isMade() {
        return controller.isMade();
    }

    /** Tells a new controller what was recorded for it; runs under the lock of the records. */
    private QuotaController make(QuotaController made) {
        listeners.forEach(made::addListener);
        firstStreamActions.forEach(made::whenFirstStreamOpened);
        if (lastLevel != MemoryPressureLevel.NONE) {
            made.onPressureLevel(MemoryPressureLevel.NONE, lastLevel);
        }
        if (closed) {
            made.close();
        }
        listeners.clear();
        firstStreamActions.clear();
        return made;
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        controller.recordOrForward(() -> lastLevel = current, (made) -> made.onPressureLevel(previous, current));
    }

    @Override
    public void whenFirstStreamOpened(Runnable action) {
        controller.recordOrForward(() -> firstStreamActions.add(action), (made) -> made.whenFirstStreamOpened(action));
    }

    @Override
    public void addListener(QuotaListener listener) {
        controller.recordOrForward(() -> listeners.add(listener), (made) -> made.addListener(listener));
    }

    @Override
    public void removeListener(QuotaListener listener) {
        controller.recordOrForward(() -> listeners.remove(listener), (made) -> made.removeListener(listener));
    }

    @Override
    public QuotaConfiguration configuration() {
        return configuration;
    }

    @Override
    public QuotaStream stream(String id) {
        return controller.get().stream(id);
    }

    @Override
    public Optional<QuotaStream> findStream(String id) {
        return controller.get().findStream(id);
    }

    @Override
    public Collection<QuotaStream> streams() {
        return controller.get().streams();
    }

    @Override
    public List<QuotaStreamSnapshot> topStreams(int limit) {
        return controller.get().topStreams(limit);
    }

    @Override
    public long usedBytes() {
        return controller.get().usedBytes();
    }

    @Override
    public QuotaSnapshot snapshot() {
        return controller.get().snapshot();
    }

    @Override
    public QuotaSnapshot.State state() {
        return controller.get().state();
    }

    @Override
    public QuotaController.Component component(String name) {
        return controller.get().component(name);
    }

    @Override
    public void runMaintenance() {
        controller.get().runMaintenance();
    }

    /** Closes the working controller if it was made; one made later is closed at birth. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        controller.recordOrForward(() -> closed = true, QuotaController::close);
    }

    @Override
    public String toString() {
        return controller.isMade() ? controller.get().toString()
                : "QuotaController[not used yet, limit=" + configuration.globalLimitBytes() + "]";
    }
}
