package io.memguard.spring.event;

import io.memguard.quota.EvictionBatch;
import org.springframework.context.ApplicationEvent;

/**
 * Published once per eviction run of the quota controller, with every entry that run dropped.
 *
 * @since 0.1.0
 */
public class QuotaEvictionEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient EvictionBatch batch;

    /**
     * Creates the event.
     *
     * @param batch the entries one eviction run dropped, and why
     */
    public QuotaEvictionEvent(EvictionBatch batch) {
        super(batch);
        this.batch = batch;
    }

    /**
     * The evicted entries and the reason.
     *
     * @return the batch
     */
    public EvictionBatch getBatch() {
        return batch;
    }
}
