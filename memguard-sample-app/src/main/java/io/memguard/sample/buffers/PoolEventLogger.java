package io.memguard.sample.buffers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.memguard.spring.event.BufferLeakEvent;
import io.memguard.spring.event.AbandonedObjectEvent;

/**
 * Logs the pool events memguard publishes: leaked buffers and abandoned pooled objects.
 *
 * @since 0.1.0
 */
@Component
public class PoolEventLogger {

    private static final Logger logger = LoggerFactory.getLogger(PoolEventLogger.class);

    @EventListener
    void onBufferLeak(BufferLeakEvent event) {
        logger.error("Buffer leak: {}", event.getLeak().describe());
    }

    @EventListener
    void onAbandonedObject(AbandonedObjectEvent event) {
        logger.warn("Abandoned pooled object: {}", event.getAbandoned().describe());
    }
}
