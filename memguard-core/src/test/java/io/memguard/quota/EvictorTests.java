package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.function.BiConsumer;

import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.Test;

/** Which entries go, in which order, and which are kept: observed through stream-limit eviction. */
class EvictorTests {

    private static final BiConsumer<? super QuotaEntry, ? super EvictionReason> IGNORE = (entry, reason) -> {
    };

    private final ManualTicker ticker = new ManualTicker();
    private final RecordingQuotaListener listener = new RecordingQuotaListener();

    private QuotaController.Builder quotas() {
        return QuotaController.builder()
                .globalLimit(1024 * 1024)
                .defaultStreamLimit(1000)
                // No headroom: these tests name the exact victims of each allocation.
                .evictionHeadroom(0)
                .ticker(ticker)
                .backgroundExecutor(Runnable::run)
                .listener(listener);
    }

    @Test
    void lruEvictsTheLeastRecentlyTouchedFirst() {
        QuotaStream stream = quotas().build().stream("s");
        QuotaEntry a = admit(stream, "a", 300, 0);
        ticker.advance(Duration.ofMillis(1));
        QuotaEntry b = admit(stream, "b", 300, 0);
        ticker.advance(Duration.ofMillis(1));
        QuotaEntry c = admit(stream, "c", 300, 0);
        ticker.advance(Duration.ofMillis(1));
        a.touch();

        admit(stream, "d", 300, 0);
        admit(stream, "e", 300, 0);

        assertThat(listener.evictedKeys()).containsExactly("b", "c");
        assertThat(a.isLive()).isTrue();
        assertThat(b.isLive()).isFalse();
        assertThat(c.isLive()).isFalse();
        assertThat(listener.evictions).allSatisfy(batch -> assertThat(batch.reason()).isEqualTo(EvictionReason.STREAM_LIMIT));
        assertThat(stream.usedBytes()).isEqualTo(900);
    }

    @Test
    void lruBreaksTiesByAge() {
        QuotaStream stream = quotas().build().stream("s");
        admit(stream, "old", 500, 0);
        ticker.advance(Duration.ofNanos(1));
        admit(stream, "young", 500, 0);

        admit(stream, "new", 100, 0);

        assertThat(listener.evictedKeys()).containsExactly("old");
    }

    @Test
    void priorityEvictsTheLowestPriorityFirstThenTheLeastRecentlyUsed() {
        QuotaStream stream = quotas().evictionPolicy(EvictionPolicy.priority(100)).build().stream("s");
        QuotaEntry high = admit(stream, "high", 200, 50);
        admit(stream, "low-old", 200, 1);
        ticker.advance(Duration.ofMillis(1));
        admit(stream, "low-young", 200, 1);
        admit(stream, "middle", 200, 10);

        admit(stream, "big", 800, 0);

        assertThat(listener.evictedKeys()).containsExactly("low-old", "low-young", "middle");
        assertThat(high.isLive()).isTrue();
    }

    @Test
    void priorityKeepsProtectedEntriesAndRejectsWhenNothingElseCanGo() {
        QuotaStream stream = quotas().evictionPolicy(EvictionPolicy.priority(5)).build().stream("s");
        QuotaEntry kept = admit(stream, "kept", 600, 6);
        admit(stream, "dropped", 300, 5);

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> admit(stream, "new", 500, 0))
                .satisfies(ex -> assertThat(ex.limit()).isEqualTo(QuotaRejection.Limit.STREAM))
                .withMessage("stream 's' would exceed its limit of 1000 B by 100 B (600 B used, 500 B requested) "
                        + "and no more of its entries could be evicted");
        assertThat(listener.evictedKeys()).containsExactly("dropped");
        assertThat(kept.isLive()).isTrue();
        assertThat(stream.usedBytes()).isEqualTo(600);
    }

    @Test
    void priorityEvictsProtectedEntriesAtTheCriticalPressureLevel() {
        QuotaController controller = quotas().evictionPolicy(EvictionPolicy.priority(5)).build();
        QuotaEntry protectedEntry = admit(controller.stream("s"), "protected", 600, 9);

        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);

        assertThat(protectedEntry.isLive()).isFalse();
        assertThat(listener.evictions).singleElement()
                .satisfies(batch -> assertThat(batch.reason()).isEqualTo(EvictionReason.PRESSURE_CRITICAL));
    }

    @Test
    void minimumRetentionProtectsYoungEntriesUntilTheyAge() {
        QuotaStream stream = quotas().minimumRetention(Duration.ofSeconds(2)).build().stream("s");
        QuotaEntry young = admit(stream, "young", 900, 0);

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> admit(stream, "next", 200, 0));
        assertThat(young.isLive()).isTrue();

        ticker.advance(Duration.ofSeconds(2));
        admit(stream, "next", 200, 0);

        assertThat(young.isLive()).isFalse();
        assertThat(listener.evictedKeys()).containsExactly("young");
    }

    @Test
    void minimumRetentionDoesNotProtectAtCriticalUnlessConfigured() {
        QuotaController controller = quotas().minimumRetention(Duration.ofMinutes(1)).build();
        QuotaEntry young = admit(controller.stream("s"), "young", 500, 0);

        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);

        assertThat(young.isLive()).isFalse();
    }

    @Test
    void minimumRetentionCanProtectEvenAtCritical() {
        QuotaController controller = quotas().minimumRetention(Duration.ofMinutes(1))
                .minimumRetentionAtCritical(true).build();
        QuotaEntry young = admit(controller.stream("s"), "young", 500, 0);

        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);
        assertThat(young.isLive()).isTrue();

        ticker.advance(Duration.ofMinutes(1));
        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);
        assertThat(young.isLive()).isFalse();
    }

    @Test
    void aCustomPolicyDecidesTheOrder() {
        EvictionPolicy largestFirst = (a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes());
        QuotaStream stream = quotas().evictionPolicy(largestFirst).build().stream("s");
        admit(stream, "small", 100, 0);
        admit(stream, "large", 500, 0);
        admit(stream, "medium", 300, 0);

        admit(stream, "new", 200, 0);

        assertThat(listener.evictedKeys()).containsExactly("large");
    }

    @Test
    void aPolicyThatThrowsIsCountedAndEvictsNothing() {
        EvictionPolicy broken = (a, b) -> {
            throw new IllegalStateException("broken policy");
        };
        QuotaController controller = quotas().evictionPolicy(broken).build();
        QuotaStream stream = controller.stream("s");
        admit(stream, "a", 500, 0);
        admit(stream, "b", 400, 0);

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> admit(stream, "c", 500, 0));

        assertThat(controller.snapshot().callbackFailures()).isEqualTo(1);
        assertThat(stream.usedBytes()).isEqualTo(900);
    }

    @Test
    void aCallbackThatThrowsIsCountedAndTheEntryIsStillEvicted() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        QuotaEntry failing = stream.admit("failing", "default", 600, 0, (entry, reason) -> {
            throw new IllegalStateException("owner bug");
        });

        admit(stream, "next", 600, 0);

        assertThat(failing.isLive()).isFalse();
        assertThat(stream.usedBytes()).isEqualTo(600);
        assertThat(controller.snapshot().callbackFailures()).isEqualTo(1);
        assertThat(controller.snapshot().evictions(EvictionReason.STREAM_LIMIT)).isEqualTo(1);
        assertThat(controller.snapshot().evictedBytes(EvictionReason.STREAM_LIMIT)).isEqualTo(600);
    }

    @Test
    void evictionsOfOneRunArePublishedAsOneBatch() {
        QuotaStream stream = quotas().build().stream("s");
        for (int i = 0; i < 10; i++) {
            admit(stream, "e" + i, 100, 0);
        }

        admit(stream, "big", 500, 0);

        assertThat(listener.evictions).singleElement().satisfies(batch -> {
            assertThat(batch.entries()).hasSize(5);
            assertThat(batch.bytes()).isEqualTo(500);
        });
        assertThat(stream.snapshot().evictedEntries()).isEqualTo(5);
        assertThat(stream.snapshot().evictedBytes()).isEqualTo(500);
    }

    @Test
    void aStreamOverItsLimitEvictsDownToTheHeadroomSoTheNextAllocationsNeedNoRun() {
        QuotaStream stream = quotas().evictionHeadroom(0.1).build().stream("s");
        for (int i = 0; i < 10; i++) {
            admit(stream, "e" + i, 100, 0);
            ticker.advance(Duration.ofNanos(1));
        }

        admit(stream, "f0", 100, 0);

        // 100 bytes for f0 and 100 of headroom (10% of the 1000-byte limit): the two oldest go in one run.
        assertThat(listener.evictedKeys()).containsExactly("e0", "e1");
        assertThat(stream.usedBytes()).isEqualTo(900);

        admit(stream, "f1", 100, 0);

        assertThat(listener.evictions).as("f1 fits in the headroom, so no second run").hasSize(1);
        assertThat(stream.usedBytes()).isEqualTo(1000);

        admit(stream, "f2", 100, 0);

        assertThat(listener.evictions).hasSize(2);
        assertThat(listener.evictedKeys()).containsExactly("e0", "e1", "e2", "e3");
    }

    @Test
    void theHeadroomIsBestEffortAndNeverRejectsAnAllocationThatFits() {
        QuotaStream stream = quotas().evictionHeadroom(0.5).evictionPolicy(EvictionPolicy.priority(10)).build()
                .stream("s");
        QuotaEntry kept = admit(stream, "protected", 850, 50);
        admit(stream, "evictable", 100, 1);

        QuotaEntry admitted = admit(stream, "new", 100, 1);

        // The headroom wanted the stream at 400 bytes; only 100 could go, which is still room for the new entry.
        assertThat(listener.evictedKeys()).containsExactly("evictable");
        assertThat(kept.isLive()).isTrue();
        assertThat(admitted.isLive()).isTrue();
        assertThat(stream.usedBytes()).isEqualTo(950);
    }

    private static QuotaEntry admit(QuotaStream stream, String key, long size, int priority) {
        return stream.admit(key, "default", size, priority, IGNORE);
    }

}
