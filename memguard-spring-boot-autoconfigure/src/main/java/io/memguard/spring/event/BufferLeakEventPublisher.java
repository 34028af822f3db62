package io.memguard.spring.event;

import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPool.BufferLeak;

/**
 * Bridges the leak reports of a {@link BufferPool} to {@link BufferLeakEvent}s, for as long as this bean lives.
 *
 * @since 0.1.0
 */
public final class BufferLeakEventPublisher implements Consumer<BufferLeak>, AutoCloseable {

    private final BufferPool pool;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts publishing the leaks of {@code pool}.
     *
     * @param pool      the pool
     * @param publisher where to publish
     */
    public BufferLeakEventPublisher(BufferPool pool, ApplicationEventPublisher publisher) {
        this.pool = pool;
        this.publisher = publisher;
        pool.addLeakListener(this);
    }

    @Override
    public void accept(BufferLeak leak) {
        publisher.publishEvent(new BufferLeakEvent(pool, leak));
    }

    @Override
    public void close() {
        pool.removeLeakListener(this);
    }
}
