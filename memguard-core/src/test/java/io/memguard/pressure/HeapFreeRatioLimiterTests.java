package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.ContainerMemory;

class HeapFreeRatioLimiterTests {

    private static final ContainerMemory CONTAINER = new ContainerMemory(1, "/memguard", "/sys/fs/cgroup/memory",
            300, 0, 300, 320, -1);

    private final HotSpotLikeFlags flags = new HotSpotLikeFlags(40, 70);

    private ContainerMemory container;

    private final HeapFreeRatioLimiter limiter = new HeapFreeRatioLimiter(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, 0, 20,
            flags, this::inContainer);

    @Test
    void lowersTheRatiosFromTheLevelInAContainerAndRestoresTheJvmsOwnBelowIt() {
        tell(limiter, MemoryPressureLevel.NONE, MemoryPressureLevel.MODERATE, CONTAINER);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 40).containsEntry("MaxHeapFreeRatio", 70);
        assertThat(limiter.isLimited()).isFalse();

        tell(limiter, MemoryPressureLevel.MODERATE, MemoryPressureLevel.HIGH, CONTAINER);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 0).containsEntry("MaxHeapFreeRatio", 20);
        assertThat(limiter.isLimited()).isTrue();

        tell(limiter, MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL, CONTAINER);
        tell(limiter, MemoryPressureLevel.CRITICAL, MemoryPressureLevel.HIGH, CONTAINER);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 0).containsEntry("MaxHeapFreeRatio", 20);

        // A fall to MODERATE keeps them lowered: the container is still nearly full.
        tell(limiter, MemoryPressureLevel.HIGH, MemoryPressureLevel.MODERATE, CONTAINER);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 0).containsEntry("MaxHeapFreeRatio", 20);
        tell(limiter, MemoryPressureLevel.MODERATE, MemoryPressureLevel.HIGH, CONTAINER);
        assertThat(limiter.applications()).isEqualTo(1);

        tell(limiter, MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, CONTAINER);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 40).containsEntry("MaxHeapFreeRatio", 70);
        assertThat(limiter.isLimited()).isFalse();
        assertThat(limiter.applications()).isEqualTo(1);
        // HotSpot's rule held at every write, as the fake enforces: nothing was refused.
        assertThat(flags.refused).isEmpty();
    }

    @Test
    void closingPutsTheJvmsOwnRatiosBack() {
        tell(limiter, MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL, CONTAINER);

        limiter.close();

        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 40).containsEntry("MaxHeapFreeRatio", 70);
        assertThat(limiter.isLimited()).isFalse();
    }

    @Test
    void leavesTheRatiosAloneOutsideAMemoryLimitedContainer() {
        tell(limiter, MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL, null);

        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 40).containsEntry("MaxHeapFreeRatio", 70);
        assertThat(flags.writes).isEmpty();
    }

    @Test
    void keepsHotSpotsOrderWhenTheJvmsOwnMaximumIsBelowTheWantedMinimum() {
        HotSpotLikeFlags low = new HotSpotLikeFlags(5, 10);
        HeapFreeRatioLimiter limiter = new HeapFreeRatioLimiter(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, 15, 30,
                low, this::inContainer);

        tell(limiter, MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH, CONTAINER);
        assertThat(low.values).containsEntry("MinHeapFreeRatio", 15).containsEntry("MaxHeapFreeRatio", 30);
        tell(limiter, MemoryPressureLevel.HIGH, MemoryPressureLevel.NONE, CONTAINER);

        assertThat(low.values).containsEntry("MinHeapFreeRatio", 5).containsEntry("MaxHeapFreeRatio", 10);
        assertThat(low.refused).isEmpty();
    }

    @Test
    void undoesTheFirstFlagWhenTheSecondIsRefusedAndStopsTrying() {
        flags.refuse("MaxHeapFreeRatio");

        tell(limiter, MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH, CONTAINER);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", 40).containsEntry("MaxHeapFreeRatio", 70);
        assertThat(limiter.isLimited()).isFalse();

        int writes = flags.writes.size();
        tell(limiter, MemoryPressureLevel.HIGH, MemoryPressureLevel.NONE, CONTAINER);
        tell(limiter, MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL, CONTAINER);
        assertThat(flags.writes).hasSize(writes);
        assertThat(limiter.applications()).isZero();
    }

    @Test
    void rejectsRatiosOutOfRangeNamingTheArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HeapFreeRatioLimiter(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, -1, 20,
                        flags, this::inContainer))
                .withMessageContaining("minFreeRatio");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HeapFreeRatioLimiter(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, 30, 20,
                        flags, this::inContainer))
                .withMessageContaining("maxFreeRatio");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HeapFreeRatioLimiter(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, 0, 101,
                        flags, this::inContainer))
                .withMessageContaining("maxFreeRatio");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HeapFreeRatioLimiter(MemoryPressureLevel.NONE, MemoryPressureLevel.NONE, 0, 20,
                        flags, this::inContainer))
                .withMessageContaining("fromLevel");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HeapFreeRatioLimiter(MemoryPressureLevel.HIGH, MemoryPressureLevel.HIGH, 0, 20,
                        flags, this::inContainer))
                .withMessageContaining("exitLevel");
    }

    @Test
    void changesThisJvmsFlagsAndPutsThemBack() {
        // The real HotSpot bean: the flags are manageable on the JDKs memguard supports.
        HeapFreeRatioLimiter real = HeapFreeRatioLimiter.forRunningJvm(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW, 0, 20,
                this::inContainer);
        String min = VmOptions.value("MinHeapFreeRatio");
        String max = VmOptions.value("MaxHeapFreeRatio");
        try {
            tell(real, MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH, CONTAINER);
            assertThat(real.isLimited()).isTrue();
            assertThat(VmOptions.value("MinHeapFreeRatio")).isEqualTo("0");
            assertThat(VmOptions.value("MaxHeapFreeRatio")).isEqualTo("20");
        }
        finally {
            tell(real, MemoryPressureLevel.HIGH, MemoryPressureLevel.NONE, CONTAINER);
        }
        assertThat(VmOptions.value("MinHeapFreeRatio")).isEqualTo(min);
        assertThat(VmOptions.value("MaxHeapFreeRatio")).isEqualTo(max);
    }

    /** Tells {@code limiter} a level change measured in {@code container} ({@code null}: not in one). */
    private void tell(HeapFreeRatioLimiter limiter, MemoryPressureLevel previous, MemoryPressureLevel current,
            ContainerMemory container) {
        this.container = container;
        limiter.onPressureLevel(previous, current);
    }

    private boolean inContainer() {
        return container != null;
    }

    /** Flags that refuse, as HotSpot does, a minimum above the maximum, and any write to a refused flag. */
    private static final class HotSpotLikeFlags implements HeapFreeRatioLimiter.VmFlags {

        final Map<String, Integer> values = new HashMap<>();

        final List<String> writes = new ArrayList<>();

        final List<String> refused = new ArrayList<>();

        private final List<String> refusing = new ArrayList<>();

        HotSpotLikeFlags(int min, int max) {
            values.put("MinHeapFreeRatio", min);
            values.put("MaxHeapFreeRatio", max);
        }

        void refuse(String name) {
            refusing.add(name);
        }

        @Override
        public String get(String name) {
            return Integer.toString(values.get(name));
        }

        @Override
        public void set(String name, String value) {
            Map<String, Integer> next = new HashMap<>(values);
            next.put(name, Integer.valueOf(value));
            if (refusing.contains(name) || next.get("MinHeapFreeRatio") > next.get("MaxHeapFreeRatio")) {
                refused.add(name + "=" + value);
                throw new IllegalArgumentException("refused " + name + "=" + value);
            }
            writes.add(name + "=" + value);
            values.putAll(next);
        }
    }
}
