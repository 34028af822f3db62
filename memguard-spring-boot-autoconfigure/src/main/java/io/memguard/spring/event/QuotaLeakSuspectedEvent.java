package io.memguard.spring.event;

import io.memguard.quota.SuspectedLeak;
import org.springframework.context.ApplicationEvent;

/**
 * Published when a stream looks like it leaks: bytes allocated and never released.
 *
 * @since 0.1.0
 */
public class QuotaLeakSuspectedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient SuspectedLeak leak;

    /**
     * Creates the event.
     *
     * @param leak the stream, its bytes, and how the leak was noticed
     */
    public QuotaLeakSuspectedEvent(SuspectedLeak leak) {
        super(leak);
        this.leak = leak;
    }

    /**
     * The suspected leak.
     *
     * @return the leak
     */
    public SuspectedLeak getLeak() {
        return leak;
    }
}
