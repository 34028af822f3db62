package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.memguard.protect.EffectivePressure;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestPressureMonitor;
import org.junit.jupiter.api.Test;

class DefaultQuotaControllerTests {

    private static final BiConsumer<? super QuotaEntry, ? super EvictionReason> IGNORE = (entry, reason) -> {
    };

    private final ManualTicker ticker = new ManualTicker();
    private final RecordingQuotaListener listener = new RecordingQuotaListener();
    private final QueueExecutor background = new QueueExecutor();

    /** Global limit 10,000 bytes: soft 8,000, hard 9,500, critical 9,800. */
    private QuotaController.Builder quotas() {
        return QuotaController.builder()
                .globalLimit(10_000)
                .defaultStreamLimit(10_000)
                .ticker(ticker)
                .backgroundExecutor(background)
                .listener(listener);
    }

    @Test
    void aStreamIsCreatedOnceWithItsOverrideOrTheDefaultLimit() {
        QuotaController controller = quotas().defaultStreamLimit(1_000).streamLimit("vip", 5_000).build();

        QuotaStream vip = controller.stream("vip");

        assertThat(controller.stream("vip")).isSameAs(vip);
        assertThat(vip.limitBytes()).isEqualTo(5_000);
        assertThat(controller.stream("other").limitBytes()).isEqualTo(1_000);
        assertThat(controller.findStream("vip")).containsSame(vip);
        assertThat(controller.findStream("absent")).isEmpty();
        assertThat(controller.streams()).containsExactlyInAnyOrder(vip, controller.stream("other"));
    }

    @Test
    void aBlankStreamIdIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> quotas().build().stream(" "))
                .withMessage("stream id must not be blank");
    }

    @Test
    void globalUsageIsTheSumOfTheStreamsAndTheStateFollowsTheThresholds() {
        QuotaController controller = quotas().build();
        controller.stream("a").allocate("default", 5_000);
        assertThat(controller.state()).isEqualTo(QuotaSnapshot.State.NORMAL);
        controller.stream("b").allocate("default", 3_500);

        assertThat(controller.usedBytes()).isEqualTo(8_500);
        QuotaSnapshot snapshot = controller.snapshot();
        assertThat(new long[] { snapshot.usedBytes(), snapshot.limitBytes(), snapshot.softBytes(), snapshot.hardBytes(),
                snapshot.criticalBytes(), snapshot.streams() }).containsExactly(8_500, 10_000, 8_000, 9_500, 9_800, 2);
        assertThat(snapshot.state()).isEqualTo(QuotaSnapshot.State.SOFT);
        assertThat(snapshot.allocatedBytes()).isEqualTo(8_500);
        assertThat(snapshot.evictions()).containsOnlyKeys(EvictionReason.values());
        assertThat(snapshot.evictions().values()).containsOnly(0L);
        assertThat(controller.snapshot().ratio()).isEqualTo(0.85);
        controller.stream("b").allocate("default", 1_200);
        assertThat(controller.state()).isEqualTo(QuotaSnapshot.State.HARD);
        controller.stream("b").allocate("default", 100);
        assertThat(controller.state()).isEqualTo(QuotaSnapshot.State.CRITICAL);
    }

    @Test
    void aboveSoftEntriesAreEvictedInTheBackgroundDownToSoft() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        for (int i = 0; i < 8; i++) {
            admit(stream, "e" + i, 1_000);
            ticker.advance(Duration.ofMillis(1));
        }
        assertThat(background.pending()).isZero();

        admit(stream, "over-soft", 1_000);

        assertThat(controller.usedBytes()).as("admitted at once").isEqualTo(9_000);
        assertThat(background.pending()).isEqualTo(1);
        background.runAll();
        assertThat(controller.usedBytes()).isEqualTo(8_000);
        assertThat(listener.evictions).singleElement().satisfies(batch -> {
            assertThat(batch.reason()).isEqualTo(EvictionReason.GLOBAL_SOFT);
            assertThat(batch.entries()).extracting(QuotaEntrySnapshot::key).containsExactly("e0");
        });
    }

    @Test
    void bytesReleasedLongAgoNeverCountAgainstTheThresholds() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        // 70,000 bytes released in all, seven times the global limit; usage never above 7,000 (soft is 8,000).
        for (int i = 0; i < 10; i++) {
            stream.allocate("default", 7_000);
            stream.release("default", 7_000);
        }
        stream.allocate("default", 7_900);

        assertThat(controller.usedBytes()).isEqualTo(7_900);
        assertThat(controller.state()).isEqualTo(QuotaSnapshot.State.NORMAL);
        assertThat(background.pending()).as("no eviction scheduled below soft").isZero();
        assertThat(listener.backpressure).isEmpty();
        assertThat(controller.snapshot().rejections(QuotaRejection.Limit.GLOBAL)).isZero();

        stream.allocate("default", 1_800);
        assertThat(controller.state()).as("a real crossing is still seen").isEqualTo(QuotaSnapshot.State.HARD);
        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("default", 200))
                .satisfies(refused -> assertThat(refused.rejection().limit()).isEqualTo(QuotaRejection.Limit.GLOBAL));
        assertThat(controller.usedBytes()).isEqualTo(9_700);
    }

    @Test
    void aBackgroundRunThatCannotReachSoftIsRearmedOnlyByMaintenance() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("default", 9_000);
        background.runAll();

        stream.allocate("default", 100);
        stream.allocate("default", 100);
        assertThat(background.pending()).as("exhausted: no rescan per allocation").isZero();

        controller.runMaintenance();
        assertThat(background.pending()).isEqualTo(1);
    }

    @Test
    void aboveHardEntriesAreEvictedSynchronouslyBeforeTheAllocationIsAdmitted() {
        QuotaController controller = quotas().build();
        QuotaStream cache = controller.stream("cache");
        for (int i = 0; i < 9; i++) {
            admit(cache, "e" + i, 1_000);
            ticker.advance(Duration.ofMillis(1));
        }
        background.runAll();
        listener.evictions.clear();
        admit(cache, "refill", 1_000);
        assertThat(controller.usedBytes()).isEqualTo(9_000);

        controller.stream("other").allocate("default", 700);

        assertThat(controller.usedBytes()).as("evicted down to hard before admitting").isEqualTo(8_700);
        assertThat(listener.evictions).singleElement()
                .satisfies(batch -> assertThat(batch.reason()).isEqualTo(EvictionReason.GLOBAL_HARD));
    }

    @Test
    void anAllocationCrossingHardDoesNotMakeProtectedEntriesEvictable() {
        QuotaController controller = quotas().evictionPolicy(EvictionPolicy.priority(0)).build();
        QuotaEntry kept = controller.stream("cache").admit("protected", "default", 9_000, 1, IGNORE);
        background.discardAll();

        assertThatExceptionOfType(QuotaExceededException.class)
                .isThrownBy(() -> controller.stream("other").allocate("default", 900));
        controller.stream("other").allocate("default", 700);

        assertThat(kept.isLive()).isTrue();
        assertThat(controller.usedBytes()).isEqualTo(9_700);
    }

    @Test
    void atCriticalAllocationsAreRejectedWithTheLimitTheExcessAndABackpressureEvent() {
        QuotaController controller = quotas().defaultStreamLimit(20_000).build();
        QuotaStream stream = controller.stream("camera-1");
        stream.allocate("default", 9_800);

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("default", 1_024))
                .satisfies(ex -> {
                    assertThat(ex.limit()).isEqualTo(QuotaRejection.Limit.GLOBAL);
                    assertThat(ex.rejection().excessBytes()).isEqualTo(1_024);
                })
                .withMessage("allocation of 1 KiB for stream 'camera-1' refused: global quota usage 9.6 KiB plus "
                        + "1 KiB would exceed its critical threshold of 9.6 KiB by 1 KiB");

        assertThat(controller.usedBytes()).isEqualTo(9_800);
        assertThat(stream.usedBytes()).isEqualTo(9_800);
        assertThat(listener.backpressure).singleElement()
                .isEqualTo(new QuotaRejection(QuotaRejection.Limit.GLOBAL, "camera-1", 1_024, 9_800, 9_800));
        assertThat(controller.snapshot().rejections(QuotaRejection.Limit.GLOBAL)).isEqualTo(1);
    }

    @Test
    void anAllocationThatWouldCrossCriticalAndCannotEvictIsRejected() {
        QuotaController controller = quotas().build();
        controller.stream("a").allocate("default", 9_000);

        assertThatExceptionOfType(QuotaExceededException.class)
                .isThrownBy(() -> controller.stream("b").allocate("default", 900))
                .satisfies(ex -> assertThat(ex.rejection().excessBytes()).isEqualTo(100));
        assertThat(controller.usedBytes()).isEqualTo(9_000);
        assertThat(controller.stream("b").usedBytes()).isZero();
    }

    @Test
    void aReleaseWhileAnAllocationIsUnderWayCannotTakeThatAllocationsBytes() {
        QuotaController controller = quotas().build();
        controller.stream("filler").allocate("default", 9_500);
        QuotaStream stream = controller.stream("s");
        stream.allocate("default", 90);
        List<Throwable> refusals = new ArrayList<>();
        // The eviction callback runs inside the allocation of 400 below, while its bytes are in flight.
        controller.stream("cache").admit("evictable", "default", 100, 0, (entry, reason) -> {
            try {
                stream.release("default", 100);
            }
            catch (IllegalArgumentException ex) {
                refusals.add(ex);
            }
        });
        background.discardAll();

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("default", 400))
                .satisfies(ex -> assertThat(ex.limit()).isEqualTo(QuotaRejection.Limit.GLOBAL));

        assertThat(refusals).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("cannot release 100 bytes of component 'default' of stream 's': it holds only 90");
        assertThat(stream.usedBytes()).isEqualTo(90);
        assertThat(controller.usedBytes()).isEqualTo(9_590);
    }

    @Test
    void atCriticalNewStreamsAreRejectedButExistingStreamsStillRelease() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("a");
        stream.allocate("default", 9_800);

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> controller.stream("new"))
                .withMessage("new stream 'new' refused: global quota usage 9.6 KiB has reached its critical "
                        + "threshold of 9.6 KiB");
        assertThat(controller.findStream("new")).isEmpty();
        assertThat(listener.backpressure).singleElement()
                .satisfies(rejection -> assertThat(rejection.requestedBytes()).isZero());

        stream.release("default", 5_000);
        assertThat(controller.stream("new")).isNotNull();
    }

    @Test
    void highJvmPressureEvictsDownToTheSoftThreshold() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        for (int i = 0; i < 9; i++) {
            admit(stream, "e" + i, 1_000);
        }
        background.discardAll();
        assertThat(controller.usedBytes()).isEqualTo(9_000);

        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH);
        background.runAll();

        assertThat(controller.usedBytes()).isEqualTo(8_000);
        assertThat(listener.evictions).extracting(EvictionBatch::reason).containsExactly(EvictionReason.PRESSURE_HIGH);
    }

    @Test
    void criticalJvmPressureEvictsEverythingEvictableAndKeepsPlainAllocations() {
        QuotaController controller = quotas().evictionPolicy(EvictionPolicy.priority(0)).build();
        QuotaStream stream = controller.stream("s");
        admit(stream, "a", 1_000);
        stream.admit("protected", "default", 1_000, 10, IGNORE);
        stream.allocate("default", 500);

        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);
        assertThat(controller.usedBytes()).as("runs in the background").isEqualTo(2_500);
        background.runAll();

        assertThat(controller.usedBytes()).isEqualTo(500);
        assertThat(controller.snapshot().evictions(EvictionReason.PRESSURE_CRITICAL)).isEqualTo(2);
    }

    @Test
    void lowerJvmPressureLevelsEvictNothing() {
        QuotaController controller = quotas().build();
        admit(controller.stream("s"), "a", 9_000);
        background.runAll();
        admit(controller.stream("s"), "b", 500);

        controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.MODERATE);

        assertThat(background.pending()).isZero();
    }

    @Test
    void aSubscribedControllerIsToldTheCurrentLevelAndNothingAfterTheSubscriptionEnds() {
        TestPressureMonitor monitor = new TestPressureMonitor(MemoryPressureLevel.HIGH);
        QuotaController controller = quotas().build();
        EffectivePressure pressure = EffectivePressure.of(monitor);
        pressure.subscribe(controller);

        assertThat(monitor.listeners()).hasSize(1);
        assertThat(background.pending()).as("already HIGH at subscription").isEqualTo(1);

        pressure.close();
        assertThat(monitor.listeners()).isEmpty();
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersAreStillTold() {
        QuotaListener failing = new QuotaListener() {
            @Override
            public void onBackpressure(QuotaRejection rejection) {
                throw new IllegalStateException("listener bug");
            }
        };
        QuotaController controller = QuotaController.builder().globalLimit(1_000).backgroundExecutor(Runnable::run)
                .listener(failing).listener(listener).build();
        controller.stream("s").allocate("default", 980);

        assertThatExceptionOfType(QuotaExceededException.class)
                .isThrownBy(() -> controller.stream("s").allocate("default", 1));

        assertThat(listener.backpressure).hasSize(1);
        assertThat(controller.snapshot().callbackFailures()).isEqualTo(1);
    }

    @Test
    void listenersCanBeAddedAndRemoved() {
        QuotaController controller = QuotaController.builder().globalLimit(1_000).backgroundExecutor(Runnable::run)
                .build();
        controller.addListener(listener);
        controller.stream("s").allocate("default", 980);
        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> controller.stream("t"));
        controller.removeListener(listener);
        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> controller.stream("t"));

        assertThat(listener.backpressure).hasSize(1);
    }

    @Test
    void topStreamsAreTheLargestFirst() {
        QuotaController controller = quotas().build();
        for (int i = 1; i <= 20; i++) {
            controller.stream("s" + i).allocate("default", i * 10);
        }

        assertThat(controller.topStreams(3)).extracting(QuotaStreamSnapshot::stream)
                .containsExactly("s20", "s19", "s18");
        assertThat(controller.topStreams(3)).extracting(QuotaStreamSnapshot::usedBytes)
                .containsExactly(200L, 190L, 180L);
        assertThat(controller.topStreams(100)).hasSize(20);
        assertThat(controller.topStreams(0)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> controller.topStreams(-1))
                .withMessage("limit must not be negative, was -1");
    }

    @Test
    void componentsAreResolvedByNameAndBelongToTheirController() {
        QuotaController controller = quotas().components("frames", "metadata").build();
        QuotaController.Component frames = controller.component("frames");
        QuotaStream stream = controller.stream("s");

        stream.allocate(frames, 100);
        stream.allocate("metadata", 10);

        assertThat(frames.name()).isEqualTo("frames");
        assertThat(stream.snapshot().components()).containsExactly(entry("frames", 100L), entry("metadata", 10L));
        assertThatIllegalArgumentException().isThrownBy(() -> controller.component("gop"))
                .withMessage("component 'gop' is not declared; declared components are [frames, metadata]");
        QuotaController.Component foreign = quotas().components("frames").build().component("frames");
        assertThatIllegalArgumentException().isThrownBy(() -> stream.allocate(foreign, 1))
                .withMessage("component 'frames' was resolved by another QuotaController; resolve it with this "
                        + "controller's component()");
    }

    @Test
    void aStreamHoldingBytesOutsideEntriesPastTheWindowIsReportedOnceAsASuspectedLeak() {
        QuotaController controller = quotas().leakDetection(1_000, Duration.ofMinutes(1)).build();
        QuotaStream leaky = controller.stream("leaky");
        leaky.allocate("default", 1_500);
        admit(controller.stream("cache"), "entries-never-leak", 5_000);

        controller.runMaintenance();
        ticker.advance(Duration.ofSeconds(59));
        controller.runMaintenance();
        assertThat(listener.leaks).isEmpty();

        ticker.advance(Duration.ofSeconds(1));
        controller.runMaintenance();
        controller.runMaintenance();

        assertThat(listener.leaks).singleElement().satisfies(leak -> {
            assertThat(leak.stream()).isEqualTo("leaky");
            assertThat(leak.kind()).isEqualTo(SuspectedLeak.Kind.HELD_TOO_LONG);
            assertThat(leak.bytes()).isEqualTo(1_500);
            assertThat(leak.heldFor()).isEqualTo(Duration.ofMinutes(1));
            assertThat(leak.components()).containsEntry("default", 1_500L);
        });
        assertThat(controller.snapshot().suspectedLeaks()).isEqualTo(1);
    }

    @Test
    void aStreamThatFallsBackUnderTheLeakThresholdStartsAFreshWindow() {
        QuotaController controller = quotas().leakDetection(1_000, Duration.ofMinutes(1)).build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("default", 1_500);
        controller.runMaintenance();
        ticker.advance(Duration.ofSeconds(50));
        stream.release("default", 1_000);
        controller.runMaintenance();
        stream.allocate("default", 1_000);
        controller.runMaintenance();
        ticker.advance(Duration.ofSeconds(50));
        controller.runMaintenance();

        assertThat(listener.leaks).isEmpty();
    }

    @Test
    void maintenanceMeasuresTheAllocationRate() {
        QuotaController controller = quotas().build();
        controller.runMaintenance();
        controller.stream("s").allocate("default", 3_000);
        ticker.advance(Duration.ofSeconds(2));

        controller.runMaintenance();

        assertThat(controller.snapshot().allocationRate()).isEqualTo(1_500.0);
    }

    @Test
    void withAMaintenanceIntervalTheControllerRunsMaintenanceOnItsOwnThread() {
        try (QuotaController controller = QuotaController.builder().globalLimit(10_000)
                .leakDetection(0, Duration.ofNanos(1)).maintenanceInterval(Duration.ofMillis(10))
                .listener(listener).build()) {
            controller.stream("s").allocate("default", 1);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.leaks).hasSize(1));
        }
    }

    @Test
    void statisticsCountAdmittedAndReleasedBytesButNotRejectedOnes() {
        QuotaController controller = quotas().defaultStreamLimit(1_000).build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("default", 600);
        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("default", 600));
        stream.release("default", 100);

        assertThat(controller.snapshot().allocatedBytes()).isEqualTo(600);
        assertThat(controller.snapshot().releasedBytes()).isEqualTo(100);
        assertThat(controller.snapshot().rejections(QuotaRejection.Limit.STREAM)).isEqualTo(1);
    }

    @Test
    void theConfigurationIsExposed() {
        QuotaController controller = quotas().components("a", "b").build();

        assertThat(controller.configuration().globalLimitBytes()).isEqualTo(10_000);
        assertThat(controller.configuration().components()).containsExactly("a", "b");
        assertThat(controller.configuration().criticalBytes()).isEqualTo(9_800);
    }

    private static java.util.Map.Entry<String, Long> entry(String key, Long value) {
        return java.util.Map.entry(key, value);
    }

    private static QuotaEntry admit(QuotaStream stream, String key, long size) {
        return stream.admit(key, "default", size, 0, IGNORE);
    }

}
