package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class G1YoungCollectionProvokerTests {

    private static final int CHUNK = 1024;

    private final AtomicLong collections = new AtomicLong(7);

    private final AtomicLong nanos = new AtomicLong();

    private final List<Integer> allocations = new ArrayList<>();

    /** The fake heap: a young collection happens once {@code collectAfter} chunks were allocated. */
    private G1YoungCollectionProvoker provoker(long byteBudget, Duration timeBudget, int collectAfter,
            long nanosPerChunk) {
        return new G1YoungCollectionProvoker(collections::get, () -> byteBudget, CHUNK, nanos::get, timeBudget,
                size -> {
                    allocations.add(size);
                    nanos.addAndGet(nanosPerChunk);
                    if (allocations.size() == collectAfter) {
                        collections.incrementAndGet();
                    }
                    return new Object();
                });
    }

    @Test
    void stopsAsSoonAsACollectionHappened() {
        assertThat(provoker(100 * CHUNK, Duration.ofSeconds(1), 5, 0).provoke()).isTrue();
        assertThat(allocations).hasSize(5).containsOnly(CHUNK);
    }

    @Test
    void neverAllocatesMoreThanTheByteBudget() {
        assertThat(provoker(10 * CHUNK, Duration.ofSeconds(1), 1_000, 0).provoke()).isFalse();
        assertThat(allocations).hasSize(10);
    }

    @Test
    void stopsWhenTheTimeBudgetIsSpent() {
        assertThat(provoker(1_000 * CHUNK, Duration.ofMillis(10), 1_000, Duration.ofMillis(1).toNanos()).provoke())
                .isFalse();
        assertThat(allocations).hasSize(10);
    }

    @Test
    void aCollectionByAnotherThreadDuringTheLastChunkCounts() {
        G1YoungCollectionProvoker provoker = new G1YoungCollectionProvoker(collections::get, () -> CHUNK, CHUNK,
                nanos::get, Duration.ofSeconds(1), size -> {
                    collections.incrementAndGet();
                    throw new OutOfMemoryError("fake heap full");
                });
        assertThat(provoker.provoke()).as("an allocation that failed after a collection").isTrue();
    }

    @Test
    void rejectsAChunkThatIsNotPositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new G1YoungCollectionProvoker(collections::get, () -> 1, 0, nanos::get,
                        Duration.ofSeconds(1), byte[]::new))
                .withMessage("chunkBytes must be positive, was 0");
    }

    @Test
    void isOfferedExactlyWhereG1Runs() {
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(collector -> collector.getName().equals("G1 Young Generation"));
        assertThat(G1YoungCollectionProvoker.forRunningJvm().isAvailable()).isEqualTo(g1);
    }
}
