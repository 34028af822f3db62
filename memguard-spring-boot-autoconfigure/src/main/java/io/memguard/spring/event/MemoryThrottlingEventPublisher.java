package io.memguard.spring.event;

import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.SheddingSummary;

/**
 * Bridges load shedding summaries to {@link MemoryThrottlingEvent}s while the context is open.
 *
 * @since 0.1.0
 */
public final class MemoryThrottlingEventPublisher implements Consumer<SheddingSummary>, DisposableBean {

    private final LoadShedder shedder;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts publishing the summaries of {@code shedder}.
     *
     * @param shedder   the shedder
     * @param publisher where events go
     */
    public MemoryThrottlingEventPublisher(LoadShedder shedder, ApplicationEventPublisher publisher) {
        this.shedder = shedder;
        this.publisher = publisher;
        shedder.addListener(this);
    }

    @Override
    public void accept(SheddingSummary summary) {
        publisher.publishEvent(new MemoryThrottlingEvent(shedder, summary));
    }

    @Override
    public void destroy() {
        shedder.removeListener(this);
    }
}
