package io.memguard.sample.streams;

import io.memguard.spring.event.QuotaBackpressureEvent;
import io.memguard.spring.event.QuotaEvictionEvent;
import io.memguard.spring.event.QuotaLeakSuspectedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs what the stream quotas do, the way a service would react to memguard's quota events.
 *
 * @since 0.1.0
 */
@Component
public class QuotaEventLog {

    private static final Logger logger = LoggerFactory.getLogger(QuotaEventLog.class);

    @EventListener
    void evicted(QuotaEvictionEvent event) {
        logger.info("Evicted {} chunks ({} bytes) for {}", event.getBatch().entries().size(),
                event.getBatch().bytes(), event.getBatch().reason().id());
    }

    @EventListener
    void backpressure(QuotaBackpressureEvent event) {
        logger.warn("Memory quota at its critical threshold: {}", event.getRejection().describe());
    }

    @EventListener
    void leak(QuotaLeakSuspectedEvent event) {
        logger.warn("Suspected leak in stream '{}': {} bytes ({})", event.getLeak().stream(), event.getLeak().bytes(),
                event.getLeak().kind());
    }
}
