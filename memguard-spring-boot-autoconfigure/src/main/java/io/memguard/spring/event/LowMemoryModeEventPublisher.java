package io.memguard.spring.event;

import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.protect.LowMemoryMode;
import io.memguard.protect.LowMemoryModeChange;

/**
 * Bridges low-memory mode changes to {@link LowMemoryModeChangedEvent}s while the context is open.
 *
 * @since 0.1.0
 */
public final class LowMemoryModeEventPublisher implements DisposableBean {

    private final LowMemoryMode mode;

    private final ApplicationEventPublisher publisher;

    private final Consumer<LowMemoryModeChange> listener = this::publish;

    /**
     * Starts publishing the changes of {@code mode}.
     *
     * @param mode      the mode
     * @param publisher where events go
     */
    public LowMemoryModeEventPublisher(LowMemoryMode mode, ApplicationEventPublisher publisher) {
        this.mode = mode;
        this.publisher = publisher;
        mode.addListener(listener);
    }

    private void publish(LowMemoryModeChange change) {
        publisher.publishEvent(new LowMemoryModeChangedEvent(mode, change));
    }

    @Override
    public void destroy() {
        mode.removeListener(listener);
    }
}
