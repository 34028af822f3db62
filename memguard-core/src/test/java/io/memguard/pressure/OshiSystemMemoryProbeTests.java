package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

import io.memguard.pressure.MemorySnapshot.SystemMemory;

class OshiSystemMemoryProbeTests {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    private final Logger logger = (Logger) LoggerFactory.getLogger(OshiSystemMemoryProbe.class);

    @BeforeEach
    void captureWarnings() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        logger.detachAppender(log);
    }

    private List<ILoggingEvent> warnings() {
        return log.list.stream().filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    @Test
    void readsHostMemoryAndSwap() {
        SystemMemory system = new OshiSystemMemoryProbe(() -> new SystemInfo().getHardware().getMemory(),
                Runnable::run).read().orElseThrow();
        assertThat(system.totalBytes()).isGreaterThan(Runtime.getRuntime().totalMemory());
        assertThat(system.availableBytes()).isPositive().isLessThanOrEqualTo(system.totalBytes());
        assertThat(system.swapTotalBytes()).isNotNegative();
        assertThat(system.swapUsedBytes()).isNotNegative().isLessThanOrEqualTo(system.swapTotalBytes());
    }

    @Test
    void loadsNativeAccessOffTheReadingThreadAndIsAbsentUntilItIsLoaded() {
        List<Runnable> pending = new ArrayList<>();
        OshiSystemMemoryProbe probe = new OshiSystemMemoryProbe(() -> new SystemInfo().getHardware().getMemory(),
                pending::add);
        assertThat(probe.read()).isEmpty();
        assertThat(probe.read()).isEmpty();
        assertThat(pending).as("one load, not run by the reading thread").hasSize(1);
        pending.get(0).run();
        assertThat(probe.read()).isPresent();
    }

    @Test
    void aJnaFailureLeavesTheSignalAbsentWithOneWarningAndIsNotRetried() {
        AtomicInteger loads = new AtomicInteger();
        OshiSystemMemoryProbe probe = new OshiSystemMemoryProbe(() -> {
            loads.incrementAndGet();
            throw new NoClassDefFoundError("Could not initialize class com.sun.jna.Native");
        }, Runnable::run);
        for (int i = 0; i < 5; i++) {
            assertThat(probe.read()).isEmpty();
        }
        assertThat(loads).hasValue(1);
        assertThat(warnings()).singleElement().satisfies((event) -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("system signal stays absent")
                    .contains("Could not initialize class com.sun.jna.Native");
        });
    }

    @Test
    void theMonitorStartsAndWorksWhenNativeAccessCannotLoad() {
        OshiSystemMemoryProbe broken = new OshiSystemMemoryProbe(() -> {
            throw new UnsatisfiedLinkError("jnidispatch: /unusable/jna-tmpdir is not writable");
        }, Runnable::run);
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder().systemProbe(broken::read)
                .build().start()) {
            monitor.refresh();
            monitor.refresh();
            assertThat(monitor.snapshot().system()).isNull();
            assertThat(monitor.snapshot().signals()).doesNotContainKey(MemorySignal.SYSTEM)
                    .containsKey(MemorySignal.HEAP);
        }
        assertThat(warnings()).hasSize(1);
    }
}
