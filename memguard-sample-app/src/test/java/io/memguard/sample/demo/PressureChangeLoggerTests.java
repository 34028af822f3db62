package io.memguard.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import io.memguard.spring.event.MemoryPressureChangedEvent;
import io.memguard.spring.event.MemoryPressureChangedEvent;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class PressureChangeLoggerTests {

    @Test
    void logsTheLevelsAndTheDrivingSignal(CapturedOutput output) {
        MemorySnapshot snapshot = new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.HIGH,
                MemorySignal.CONTAINER, Map.of(), null, null,
                GcActivity.NONE, null, null, null);
        new PressureChangeLogger().onPressureChange(new MemoryPressureChangedEvent(
                Mockito.mock(MemoryPressureMonitor.class),
                new MemoryPressureChange(MemoryPressureLevel.LOW, MemoryPressureLevel.HIGH, snapshot)));
        assertThat(output).contains("Memory pressure changed from LOW to HIGH (driving signal: container)");
    }

    @Test
    void saysWhenTheLevelWasRaisedByTheProjection(CapturedOutput output) {
        MemorySnapshot snapshot = new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.CRITICAL,
                MemorySignal.CONTAINER, Map.of(), null, null, GcActivity.NONE, null, null, null, true);
        new PressureChangeLogger().onPressureChange(new MemoryPressureChangedEvent(
                Mockito.mock(MemoryPressureMonitor.class),
                new MemoryPressureChange(MemoryPressureLevel.MODERATE, MemoryPressureLevel.CRITICAL, snapshot)));
        assertThat(output).contains(
                "Memory pressure changed from MODERATE to CRITICAL (driving signal: container, projected)");
    }

    @Test
    void saysSoWhenNoSignalDrives(CapturedOutput output) {
        new PressureChangeLogger().onPressureChange(new MemoryPressureChangedEvent(
                Mockito.mock(MemoryPressureMonitor.class), new MemoryPressureChange(MemoryPressureLevel.HIGH,
                        MemoryPressureLevel.NONE, MemorySnapshot.ofLevel(MemoryPressureLevel.NONE, Instant.EPOCH))));
        assertThat(output).contains("Memory pressure changed from HIGH to NONE (driving signal: none)");
    }
}
