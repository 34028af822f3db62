package io.memguard.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.diagnostics.OutOfMemoryDetector;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.event.MemoryExhaustedEvent;
import io.memguard.spring.event.OutOfMemoryLivenessPublisher;
import io.memguard.spring.metrics.OutOfMemoryMetrics;

/**
 * Auto-configuration of out-of-memory detection: an {@link OutOfMemoryDetector}, {@link LivenessState#BROKEN} on
 * a detection (unless {@code memguard.out-of-memory.liveness-broken=false}), {@link MemoryExhaustedEvent}s and the
 * {@code memguard.memory.exhausted} counter. With {@code memguard.out-of-memory.heap-dump-directory} set, the JVM's
 * heap dump on OutOfMemoryError is turned on first, so that the detector has something to watch for.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(OutOfMemoryDetector.class)
@ConditionalOnBooleanProperty(name = "memguard.out-of-memory.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutOfMemoryProperties.class)
@Import(PropertyChecks.Origins.class)
public final class OutOfMemoryAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(OutOfMemoryAutoConfiguration.class);

    private static final String PROPERTY_HEAP_DUMP_DIRECTORY = "memguard.out-of-memory.heap-dump-directory";

    @Bean
    @ConditionalOnMissingBean
    OutOfMemoryDetector outOfMemoryDetector(OutOfMemoryProperties properties) {
        Path directory = properties.getHeapDumpDirectory();
        if (directory != null) {
            writeHeapDumpsTo(directory);
        }
        return new OutOfMemoryDetector(Clock.systemUTC(), properties.getCheckInterval());
    }

    private static void writeHeapDumpsTo(Path directory) {
        try {
            if (OutOfMemoryDetector.enableHeapDump(directory)) {
                logger.info("memguard: the JVM writes its heap dump into {} on an OutOfMemoryError", directory);
            }
            else {
                logger.info("memguard: memguard.out-of-memory.heap-dump-directory is left alone: the JVM already"
                        + " writes its heap dump to {}", OutOfMemoryDetector.heapDumpFile().orElse(null));
            }
        }
        catch (IOException | RuntimeException ex) {
            // Found by creating the directory, not by its value alone: reported as Boot reports a bad value.
            throw new InvalidConfigurationPropertyValueException(PROPERTY_HEAP_DUMP_DIRECTORY, directory,
                    "cannot write heap dumps there (" + ex.getMessage() + "); set it to a writable directory on disk,"
                            + " or leave it unset and start the JVM with -XX:+HeapDumpOnOutOfMemoryError"
                            + " -XX:HeapDumpPath=<dir>");
        }
    }

    @Bean
    @ConditionalOnMissingBean(name = "memoryExhaustedEventPublisher")
    EventBridge<OutOfMemoryDetector.Detection> memoryExhaustedEventPublisher(OutOfMemoryDetector detector,
            ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, detector::addListener, detector::removeListener,
                (detection) -> new MemoryExhaustedEvent(detector, detection));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "memguard.out-of-memory.liveness-broken", matchIfMissing = true)
    static class OutOfMemoryLivenessConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OutOfMemoryLivenessPublisher outOfMemoryLivenessPublisher(OutOfMemoryDetector detector,
                ApplicationEventPublisher publisher) {
            return new OutOfMemoryLivenessPublisher(detector, publisher);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class OutOfMemoryMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OutOfMemoryMetrics outOfMemoryMetrics(OutOfMemoryDetector detector) {
            return new OutOfMemoryMetrics(detector);
        }
    }
}
