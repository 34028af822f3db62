package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.PressureSettings;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;

class MemoryEndpointTests {

    private final ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH);

    @Test
    void describesLevelSignalsAndEveryBuiltInSection() {
        MemoryDescriptor memory = new MemoryEndpoint(monitor, List.of()).memory();
        assertThat(memory.level()).isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(memory.drivingSignal()).isEqualTo("heap-after-gc");
        assertThat(memory.projected()).as("left out unless the projection raised the level").isNull();
        assertThat(memory.timestamp()).isEqualTo(MemorySnapshotFixtures.NOW);
        assertThat(memory.signals()).containsOnlyKeys("heap-after-gc", "heap", "direct", "container", "system", "psi")
                .containsEntry("heap-after-gc", new SignalDescriptor(0.875, 875L, 1000L))
                .containsEntry("container", new SignalDescriptor(0.75, 3072L, 4096L))
                .containsEntry("psi", new SignalDescriptor(0.125, null, null));
        assertThat(memory.heap()).isEqualTo(new HeapDescriptor(1000, 1500, 2000L, 875L, 1000L));
        assertThat(memory.direct()).isEqualTo(new DirectDescriptor(256, 3, 1024));
        assertThat(memory.gc()).isEqualTo(new GcDescriptor(42, 1234, 500L, 1_000_000.0, null));
        assertThat(memory.container()).isEqualTo(new ContainerDescriptor(1, "/test.slice",
                "/sys/fs/cgroup/memory/test.slice", 3500, 428, 3072, 4096L, null, 4096, null, null, null));
        assertThat(memory.system()).isEqualTo(new SystemDescriptor(16384, 8192, 0, 4096));
        assertThat(memory.psi()).isEqualTo(new PsiDescriptor(new PsiDescriptor.Averages(0.125, 0.0625, 0.03125),
                null, "/proc/pressure/memory"));
        assertThat(memory.sections()).isEmpty();
    }

    @Test
    void aLevelRaisedByTheProjectionSaysSoWithTheSecondsToTheLimit() {
        MemorySnapshot high = MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH);
        Map<MemorySignal, SignalReading> signals = new EnumMap<>(high.signals());
        signals.computeIfPresent(MemorySignal.CONTAINER, (signal, reading) -> reading.withSecondsToLimit(1.5));
        monitor.setSnapshot(new MemorySnapshot(high.timestamp(), MemoryPressureLevel.CRITICAL, MemorySignal.CONTAINER,
                signals, high.heap(), high.direct(), high.gc(), high.container(), high.system(), high.psi(), true));
        MemoryDescriptor memory = new MemoryEndpoint(monitor, List.of()).memory();
        assertThat(memory.drivingSignal()).isEqualTo("container");
        assertThat(memory.projected()).isTrue();
        assertThat(memory.signals().get("container").secondsToLimit()).isEqualTo(1.5);
        assertThat(memory.signals().get("heap-after-gc").secondsToLimit()).isNull();
    }

    @Test
    void leavesOutWhatThisMachineDoesNotProvide() {
        monitor.setSnapshot(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.LOW));
        MemoryDescriptor memory = new MemoryEndpoint(monitor, List.of()).memory();
        assertThat(memory.signals()).containsOnlyKeys("heap-after-gc", "heap");
        assertThat(memory.container()).isNull();
        assertThat(memory.psi()).isNull();
        assertThat(memory.system()).isNull();
        assertThat(memory.direct()).isNull();
        assertThat(memory.gc()).isEqualTo(new GcDescriptor(0, 0, null, null, null));
    }

    @Test
    void includesContributedSectionsByName() {
        MemoryEndpoint endpoint = new MemoryEndpoint(monitor,
                List.of(new FixedMemoryEndpointSection("pools", Map.of("reuse", 0.9)),
                        new FixedMemoryEndpointSection("buffers", List.of(1, 2))));
        assertThat(endpoint.memory().sections()).containsExactly(Map.entry("buffers", List.of(1, 2)),
                Map.entry("pools", Map.of("reuse", 0.9)));
        assertThat(endpoint.section("pools")).isEqualTo(Map.of("reuse", 0.9));
    }

    @Test
    void servesEachBuiltInSectionAlone() {
        MemoryEndpoint endpoint = new MemoryEndpoint(monitor, List.of());
        MemoryDescriptor memory = endpoint.memory();
        assertThat(endpoint.section("signals")).isEqualTo(memory.signals());
        assertThat(endpoint.section("heap")).isEqualTo(memory.heap());
        assertThat(endpoint.section("direct")).isEqualTo(memory.direct());
        assertThat(endpoint.section("gc")).isEqualTo(memory.gc());
        assertThat(endpoint.section("container")).isEqualTo(memory.container());
        assertThat(endpoint.section("system")).isEqualTo(memory.system());
        assertThat(endpoint.section("psi")).isEqualTo(memory.psi());
    }

    @Test
    void anUnknownOrAbsentSectionIsNull() {
        monitor.setSnapshot(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.LOW));
        MemoryEndpoint endpoint = new MemoryEndpoint(monitor, List.of());
        assertThat(endpoint.section("nonsense")).isNull();
        assertThat(endpoint.section("container")).isNull();
    }

    @Test
    void showsTheGcHintOfTheDefaultMonitor() {
        try (DefaultMemoryPressureMonitor real = DefaultMemoryPressureMonitor.builder()
                .settings(PressureSettings.builder().gcHintEnabled(true).build()).build()) {
            real.refresh();
            GcDescriptor gc = new MemoryEndpoint(real, List.of()).memory().gc();
            assertThat(gc.hint()).isNotNull();
            assertThat(gc.hint().enabled()).isTrue();
            assertThat(gc.hint().requested()).isZero();
        }
    }

    @Test
    void showsTheMemoryEventsAndTheLastLimitChangeOfTheDefaultMonitor() {
        AtomicLong limit = new AtomicLong(4096);
        try (DefaultMemoryPressureMonitor real = DefaultMemoryPressureMonitor.builder()
                .containerProbe(() -> Optional.of(new ContainerMemory(2, "/", "/sys/fs/cgroup", 2048, 0, 2048,
                        limit.get(), -1, 7, 0)))
                .build()) {
            real.refresh();
            MemoryEndpoint endpoint = new MemoryEndpoint(real, List.of());
            ContainerDescriptor before = endpoint.memory().container();
            assertThat(before.highEvents()).isEqualTo(7);
            assertThat(before.maxEvents()).isZero();
            assertThat(before.limitChange()).as("never changed").isNull();

            limit.set(3000);
            real.refresh();

            ContainerDescriptor after = (ContainerDescriptor) endpoint.section("container");
            assertThat(after.limitBytes()).isEqualTo(3000);
            assertThat(after.limitChange()).isEqualTo(new ContainerDescriptor.LimitChange(4096L, 3000L, null, null,
                    real.snapshot().timestamp()));
        }
    }

    @Test
    void rejectsTwoSectionsWithTheSameName() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new MemoryEndpoint(monitor, List.of(new FixedMemoryEndpointSection("pools", 1),
                        new FixedMemoryEndpointSection("pools", 2))))
                .withMessageContaining("are both named 'pools'");
    }

    @Test
    void rejectsASectionNamedLikeABuiltInOne() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new MemoryEndpoint(monitor, List.of(new FixedMemoryEndpointSection("heap", 1))))
                .withMessageContaining("is named 'heap', which /actuator/memory already uses");
    }
}
