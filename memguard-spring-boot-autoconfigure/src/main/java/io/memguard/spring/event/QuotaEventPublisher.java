package io.memguard.spring.event;

import io.memguard.quota.EvictionBatch;
import io.memguard.quota.QuotaListener;
import io.memguard.quota.QuotaRejection;
import io.memguard.quota.SuspectedLeak;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Bridges the quota controller's notifications to Spring application events, so that {@code @EventListener}
 * methods receive {@link QuotaEvictionEvent}, {@link QuotaBackpressureEvent} and {@link QuotaLeakSuspectedEvent}.
 * A listener method that throws is logged and counted by the controller, which carries on.
 *
 * @since 0.1.0
 */
public final class QuotaEventPublisher implements QuotaListener {

    private final ApplicationEventPublisher publisher;

    /**
     * Creates the bridge.
     *
     * @param publisher where to publish the events
     */
    public QuotaEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onEviction(EvictionBatch batch) {
        publisher.publishEvent(new QuotaEvictionEvent(batch));
    }

    @Override
    public void onBackpressure(QuotaRejection rejection) {
        publisher.publishEvent(new QuotaBackpressureEvent(rejection));
    }

    @Override
    public void onSuspectedLeak(SuspectedLeak leak) {
        publisher.publishEvent(new QuotaLeakSuspectedEvent(leak));
    }
}
