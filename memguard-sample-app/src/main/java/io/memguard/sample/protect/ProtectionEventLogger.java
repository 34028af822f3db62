package io.memguard.sample.protect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.memguard.spring.event.MemoryAlertEvent;
import io.memguard.spring.event.LowMemoryModeChangedEvent;
import io.memguard.spring.event.MemoryThrottlingEvent;

/**
 * Logs what memguard's protective actions do, the way an application would forward them to its operators.
 *
 * @since 0.1.0
 */
@Component
public class ProtectionEventLogger {

    private static final Logger logger = LoggerFactory.getLogger(ProtectionEventLogger.class);

    @EventListener
    void onLowMemoryMode(LowMemoryModeChangedEvent event) {
        logger.info("{}", event.getChange().describe());
    }

    @EventListener
    void onThrottling(MemoryThrottlingEvent event) {
        logger.warn("Refused {} request(s) under memory pressure since {}: {}", event.getRefused(), event.getFrom(),
                event.getRefusedByReason());
    }

    @EventListener
    void onAlert(MemoryAlertEvent event) {
        logger.warn("Memory alert {}: {} Suggested action: {}", event.getType(), event.getAlert().message(),
                event.getAlert().suggestedAction());
    }
}
