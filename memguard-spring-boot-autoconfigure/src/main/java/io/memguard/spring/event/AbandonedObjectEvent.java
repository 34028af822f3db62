package io.memguard.spring.event;

import org.springframework.context.ApplicationEvent;

import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pool.ObjectPoolRegistry;

/**
 * Published when an object of one of the application's object pools has been borrowed for longer than the pool's
 * abandoned timeout. Listen with {@code @EventListener}.
 *
 * @since 0.1.0
 */
public class AbandonedObjectEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient AbandonedObject abandoned;

    /**
     * Creates the event.
     *
     * @param registry  the registry of the pool
     * @param abandoned the object's pool, type, borrowing thread and, where recorded, borrowing stack
     */
    public AbandonedObjectEvent(ObjectPoolRegistry registry, AbandonedObject abandoned) {
        super(registry);
        this.abandoned = abandoned;
    }

    /**
     * The abandoned object.
     *
     * @return what was found
     */
    public AbandonedObject getAbandoned() {
        return abandoned;
    }
}
