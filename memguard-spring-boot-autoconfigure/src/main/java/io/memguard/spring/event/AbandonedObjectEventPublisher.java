package io.memguard.spring.event;

import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pool.ObjectPoolRegistry;

/**
 * Bridges the abandoned-object reports of every registered pool to {@link AbandonedObjectEvent}s.
 *
 * @since 0.1.0
 */
public final class AbandonedObjectEventPublisher implements Consumer<AbandonedObject> {

    private final ObjectPoolRegistry registry;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts publishing the reports of the registry's pools, present and future.
     *
     * @param registry  the registry
     * @param publisher where to publish
     */
    public AbandonedObjectEventPublisher(ObjectPoolRegistry registry, ApplicationEventPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
        registry.addListener(this);
    }

    @Override
    public void accept(AbandonedObject abandoned) {
        publisher.publishEvent(new AbandonedObjectEvent(registry, abandoned));
    }
}
