package io.memguard.autoconfigure.protect;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.protect.LowMemoryMode;
import io.memguard.protect.LowMemoryModeChange;
import io.memguard.protect.LowMemoryModeListener;

/**
 * Bridges low-memory mode changes to {@link LowMemoryModeChangedEvent}s while the context is open.
 *
 * @since 0.1.0
 */
public final class LowMemoryModeEventPublisher implements LowMemoryModeListener, DisposableBean {

    private final LowMemoryMode mode;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts publishing the changes of {@code mode}.
     *
     * @param mode      the mode
     * @param publisher where events go
     */
    public LowMemoryModeEventPublisher(LowMemoryMode mode, ApplicationEventPublisher publisher) {
        this.mode = mode;
        this.publisher = publisher;
        mode.addListener(this);
    }

    @Override
    public void onLowMemoryModeChange(LowMemoryModeChange change) {
        publisher.publishEvent(new LowMemoryModeChangedEvent(mode, change));
    }

    @Override
    public void destroy() {
        mode.removeListener(this);
    }
}
