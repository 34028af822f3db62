package io.memguard.sample.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.spring.event.MemoryPressureChangedEvent;
import io.memguard.pressure.MemorySignal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs every change of the memory pressure level, the way a service would react to memguard's events.
 *
 * @since 0.1.0
 */
@Component
public class PressureChangeLogger {

    private static final Logger logger = LoggerFactory.getLogger(PressureChangeLogger.class);

    @EventListener
    void onPressureChange(MemoryPressureChangedEvent event) {
        // "projected": the driving signal is expected to cross the level's threshold within the lead time.
        logger.info("Memory pressure changed from {} to {} (driving signal: {}{})", event.previous(),
                event.current(), event.drivingSignal().map(MemorySignal::id).orElse("none"),
                event.projected() ? ", projected" : "");
    }
}
