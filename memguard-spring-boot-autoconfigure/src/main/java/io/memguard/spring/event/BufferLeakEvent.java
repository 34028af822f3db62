package io.memguard.spring.event;

import org.springframework.context.ApplicationEvent;

import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPool.BufferLeak;

/**
 * Published when a buffer of the application's {@link BufferPool} was garbage collected while still acquired.
 * Listen with {@code @EventListener}; it arrives on memguard's reaper thread.
 *
 * @since 0.1.0
 */
public class BufferLeakEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient BufferLeak leak;

    /**
     * Creates the event.
     *
     * @param pool the pool the buffer came from
     * @param leak what leaked and where it was acquired, when recorded
     */
    public BufferLeakEvent(BufferPool pool, BufferLeak leak) {
        super(pool);
        this.leak = leak;
    }

    /**
     * What leaked.
     *
     * @return the leak, with its origin when recorded
     */
    public BufferLeak getLeak() {
        return leak;
    }

    /**
     * The pool the buffer came from.
     *
     * @return the pool
     */
    public BufferPool getPool() {
        return (BufferPool) getSource();
    }
}
