package io.memguard.spring.event;

import io.memguard.quota.QuotaRejection;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the global quota is at its critical threshold and refuses an allocation or a new stream:
 * producers should slow down.
 *
 * @since 0.1.0
 */
public class QuotaBackpressureEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient QuotaRejection rejection;

    /**
     * Creates the event.
     *
     * @param rejection what was refused, and by how much it would have gone over
     */
    public QuotaBackpressureEvent(QuotaRejection rejection) {
        super(rejection);
        this.rejection = rejection;
    }

    /**
     * What was refused.
     *
     * @return the rejection
     */
    public QuotaRejection getRejection() {
        return rejection;
    }
}
