package io.memguard.autoconfigure.diagnostics;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.spring.event.MemoryExhaustedEvent;

/**
 * Configuration of what memguard does once the JVM has thrown an {@link OutOfMemoryError}: by default it reports
 * the application's liveness as broken, so that the orchestrator restarts it, and publishes a
 * {@link MemoryExhaustedEvent}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.out-of-memory")
public class OutOfMemoryProperties implements Validator {

    /**
     * Whether to detect an OutOfMemoryError thrown anywhere in the JVM (through the heap dump the JVM writes with
     * -XX:+HeapDumpOnOutOfMemoryError, and errors reported to the detector).
     */
    private boolean enabled = true;

    /**
     * Whether a detected OutOfMemoryError turns the application's liveness state to BROKEN (never undone), so that
     * the orchestrator restarts the instance.
     */
    private boolean livenessBroken = true;

    /**
     * How often the heap dump file is looked for (one stat call); positive.
     */
    private Duration checkInterval = Duration.ofSeconds(1);

    /**
     * Directory into which the JVM writes its heap dump on the first OutOfMemoryError, turned on at start-up when
     * the JVM was not started with -XX:+HeapDumpOnOutOfMemoryError (which then wins). The dump holds the live heap:
     * use a disk, not a memory-backed volume. Created if missing; one that cannot be created fails start-up.
     * Unset: memguard changes no JVM flag.
     */
    private @Nullable Path heapDumpDirectory;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isLivenessBroken() {
        return livenessBroken;
    }

    public void setLivenessBroken(boolean livenessBroken) {
        this.livenessBroken = livenessBroken;
    }

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    public @Nullable Path getHeapDumpDirectory() {
        return heapDumpDirectory;
    }

    public void setHeapDumpDirectory(@Nullable Path heapDumpDirectory) {
        this.heapDumpDirectory = heapDumpDirectory;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == OutOfMemoryProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertyChecks.positive(errors, "checkInterval", checkInterval, "1s");
    }
}
