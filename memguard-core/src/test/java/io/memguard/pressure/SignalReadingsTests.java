package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.DefaultMemoryPressureMonitor.Observation;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.MemorySnapshot.SystemMemory;

class SignalReadingsTests {

    private static final Observation EVERYTHING = new Observation(new HeapMemory(600, 800, 1000, 300, 900),
            new DirectMemory(50, 3, 200), null,
            new ContainerMemory(2, "/", "/sys/fs/cgroup", 700, 100, 600, 1000, 800),
            new SystemMemory(16_000, 4_000, 10, 100),
            new PressureStall(0.12, 0.05, 0.01, 0.03, 0.01, 0.0, "/proc/pressure/memory"));

    @Test
    void everySignalIsItsUsedBytesOverItsLimit() {
        Map<MemorySignal, SignalReading> readings = SignalReadings.of(PressureSettings.defaults(), EVERYTHING);
        assertThat(readings).containsOnlyKeys(EnumSet.complementOf(EnumSet.of(MemorySignal.GC_OVERHEAD)));
        assertReading(readings.get(MemorySignal.HEAP), 0.6, 600, 1000);
        assertReading(readings.get(MemorySignal.HEAP_AFTER_GC), 1.0 / 3, 300, 900);
        assertReading(readings.get(MemorySignal.DIRECT), 0.25, 50, 200);
        assertReading(readings.get(MemorySignal.CONTAINER), 0.75, 600, 800);
        assertReading(readings.get(MemorySignal.SYSTEM), 0.75, 12_000, 16_000);
        assertReading(readings.get(MemorySignal.PSI), 0.12, -1, -1);
    }

    @Test
    void disabledSignalsAreNotReported() {
        PressureSettings settings = PressureSettings.builder().signalEnabled(MemorySignal.HEAP, false)
                .signalEnabled(MemorySignal.PSI, false).build();
        assertThat(SignalReadings.of(settings, EVERYTHING)).doesNotContainKeys(MemorySignal.HEAP, MemorySignal.PSI)
                .containsKey(MemorySignal.HEAP_AFTER_GC);
    }

    @Test
    void absentDetailsAndUndefinedLimitsGiveNoReading() {
        Observation sparse = new Observation(new HeapMemory(600, 800, -1, 300, -1), new DirectMemory(5, 1, -1), null,
                null, null, null);
        assertThat(SignalReadings.of(PressureSettings.defaults(), sparse)).isEmpty();
    }

    @Test
    void aWorkingSetAboveMemoryHighReadsAsFull() {
        Observation overHigh = new Observation(null, null, null,
                new ContainerMemory(2, "/", "/sys/fs/cgroup", 1200, 0, 1200, 2000, 1000), null, null);
        assertReading(SignalReadings.of(PressureSettings.defaults(), overHigh).get(MemorySignal.CONTAINER), 1.0, 1200,
                1000);
    }

    @Test
    void clampKeepsRatiosInRange() {
        assertThat(SignalReadings.clamp(-0.5)).isZero();
        assertThat(SignalReadings.clamp(Double.NaN)).isZero();
        assertThat(SignalReadings.clamp(1.5)).isEqualTo(1.0);
        assertThat(SignalReadings.clamp(0.3)).isEqualTo(0.3);
    }

    private static void assertReading(SignalReading reading, double ratio, long used, long limit) {
        assertThat(reading.ratio()).isCloseTo(ratio, within(1e-9));
        assertThat(reading.usedBytes()).isEqualTo(used);
        assertThat(reading.limitBytes()).isEqualTo(limit);
    }
}
