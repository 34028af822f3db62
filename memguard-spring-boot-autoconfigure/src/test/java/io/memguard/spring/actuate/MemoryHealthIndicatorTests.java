package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.diagnostics.ContainerMisfit;
import io.memguard.diagnostics.JvmFootprint;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class MemoryHealthIndicatorTests {

    @ParameterizedTest
    @EnumSource(value = MemoryPressureLevel.class, names = { "NONE", "LOW", "MODERATE" })
    void isUpWithoutWarningThroughModerate(MemoryPressureLevel level) {
        Health health = indicator(MemorySnapshotFixtures.monitorAt(level)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("level", level)
                .containsEntry("drivingSignal", "heap-after-gc")
                .containsEntry("ratio", 0.875)
                .doesNotContainKey("warning");
    }

    @Test
    void isUpWithAWarningAtHigh() {
        Health health = indicator(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("level", MemoryPressureLevel.HIGH)
                .containsEntry("drivingSignal", "heap-after-gc")
                .containsEntry("warning", "Memory pressure is HIGH (heap-after-gc at 87.5% of its limit)");
    }

    @Test
    void isOutOfServiceAtCritical() {
        Health health = indicator(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.CRITICAL)).health();
        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("level", MemoryPressureLevel.CRITICAL)
                .containsEntry("warning", "Memory pressure is CRITICAL (heap-after-gc at 87.5% of its limit)");
    }

    @Test
    void warnsOfAJvmSizedLargerThanItsContainer() {
        // The fixture's container limit is 4096 bytes.
        JvmFootprint tooLarge = new JvmFootprint(2048, 1024, false, 1024, 512);
        MemoryHealthIndicator indicator = new MemoryHealthIndicator(
                MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE), Status.UP, Status.OUT_OF_SERVICE,
                () -> tooLarge);

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("containerMisfit",
                ContainerMisfit.check(tooLarge, 4096).orElseThrow().message());
    }

    @Test
    void noMisfitWhenTheJvmFitsOrThereIsNoContainerLimit() {
        JvmFootprint fits = new JvmFootprint(2048, 1024, false, 512, 512);
        JvmFootprint huge = new JvmFootprint(1 << 30, 0, false, 0, 0);
        assertThat(new MemoryHealthIndicator(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE), Status.UP,
                Status.OUT_OF_SERVICE, () -> fits).health().getDetails()).doesNotContainKey("containerMisfit");
        assertThat(new MemoryHealthIndicator(new ManualMemoryPressureMonitor(
                MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.NONE)), Status.UP, Status.OUT_OF_SERVICE,
                () -> huge).health().getDetails()).doesNotContainKey("containerMisfit");
    }

    @Test
    void usesTheConfiguredStatuses() {
        MemoryHealthIndicator indicator = new MemoryHealthIndicator(
                MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH), new Status("WARNING"), Status.DOWN);
        assertThat(indicator.health().getStatus()).isEqualTo(new Status("WARNING"));
        MemoryHealthIndicator critical = new MemoryHealthIndicator(
                MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.CRITICAL), new Status("WARNING"), Status.DOWN);
        assertThat(critical.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void leavesOutTheDrivingSignalWhenThereIsNone() {
        MemorySnapshot levelOnly = MemorySnapshot.ofLevel(MemoryPressureLevel.HIGH, Instant.EPOCH);
        Health health = indicator(new ManualMemoryPressureMonitor(levelOnly)).health();
        assertThat(health.getDetails()).containsOnlyKeys("level", "warning")
                .containsEntry("warning", "Memory pressure is HIGH (no driving signal)");
    }

    private static MemoryHealthIndicator indicator(ManualMemoryPressureMonitor monitor) {
        return new MemoryHealthIndicator(monitor, Status.UP, Status.OUT_OF_SERVICE);
    }
}
