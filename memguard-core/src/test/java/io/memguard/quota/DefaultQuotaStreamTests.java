package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.quota.QuotaController.RateLimit;

class DefaultQuotaStreamTests {

    private final ManualTicker ticker = new ManualTicker();
    private final RecordingQuotaListener listener = new RecordingQuotaListener();
    private final List<Long> sleeps = new ArrayList<>();

    private QuotaController.Builder quotas() {
        return QuotaController.builder()
                .globalLimit(1_000_000)
                .defaultStreamLimit(1_000)
                .components("frames", "metadata")
                .ticker(ticker)
                .sleeper(nanos -> {
                    sleeps.add(nanos);
                    ticker.advanceNanos(nanos);
                })
                .backgroundExecutor(Runnable::run)
                .listener(listener);
    }

    @Test
    void bytesAreAccountedByComponentAndReleased() {
        QuotaStream stream = quotas().build().stream("s");

        stream.allocate("frames", 300);
        stream.allocate("metadata", 20);
        stream.release("frames", 100);

        assertThat(stream.usedBytes()).isEqualTo(220);
        assertThat(stream.usedBytes("frames")).isEqualTo(200);
        assertThat(stream.snapshot()).isEqualTo(new QuotaStreamSnapshot("s", 220, 1_000,
                Map.of("frames", 200L, "metadata", 20L), 0, 0, 0, 0));
        assertThat(stream.snapshot().components().keySet()).containsExactly("frames", "metadata");
    }

    @Test
    void releasingMoreThanAComponentHoldsIsRefusedAndChangesNothing() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("frames", 100);
        stream.allocate("metadata", 500);

        assertThatIllegalArgumentException().isThrownBy(() -> stream.release("frames", 101))
                .withMessage("cannot release 101 bytes of component 'frames' of stream 's': it holds only 100");

        assertThat(stream.usedBytes("frames")).isEqualTo(100);
        assertThat(controller.usedBytes()).isEqualTo(600);
    }

    @Test
    void negativeBytesAreRefusedAndZeroIsNothing() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");

        assertThatIllegalArgumentException().isThrownBy(() -> stream.allocate("frames", -1))
                .withMessage("bytes must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> stream.release("frames", -1))
                .withMessage("bytes must not be negative, was -1");
        stream.allocate("frames", 0);
        stream.release("frames", 0);
        assertThat(controller.usedBytes()).isZero();
    }

    @Test
    void anUndeclaredComponentIsRefusedWithTheDeclaredOnes() {
        QuotaStream stream = quotas().build().stream("s");

        assertThatIllegalArgumentException().isThrownBy(() -> stream.allocate("gop", 1))
                .withMessage("component 'gop' is not declared; declared components are [frames, metadata]");
        assertThat(stream.usedBytes()).isZero();
    }

    @Test
    void overItsLimitAStreamThatRejectsSaysByHowMuch() {
        QuotaController controller = quotas().overLimitAction(OverLimitAction.REJECT).build();
        QuotaStream stream = controller.stream("camera-1");
        stream.allocate("frames", 900);
        QuotaEntry entry = stream.admit("evictable", "frames", 50, 0, (e, reason) -> {
        });

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("metadata", 100))
                .satisfies(ex -> {
                    assertThat(ex.limit()).isEqualTo(QuotaRejection.Limit.STREAM);
                    assertThat(ex.rejection()).isEqualTo(new QuotaRejection(QuotaRejection.Limit.STREAM, "camera-1", 100, 950,
                            1_000));
                    assertThat(ex.rejection().excessBytes()).isEqualTo(50);
                });

        assertThat(entry.isLive()).as("REJECT does not evict").isTrue();
        assertThat(stream.usedBytes()).isEqualTo(950);
        assertThat(controller.usedBytes()).isEqualTo(950);
        assertThat(listener.backpressure).as("only the global critical threshold is back-pressure").isEmpty();
    }

    @Test
    void overItsLimitAStreamThatEvictsMakesRoomFromItsOwnEntriesOnly() {
        QuotaController controller = quotas().build();
        QuotaStream other = controller.stream("other");
        QuotaEntry othersEntry = other.admit("theirs", "frames", 900, 0, (e, reason) -> {
        });
        QuotaStream stream = controller.stream("s");
        QuotaEntry mine = stream.admit("mine", "frames", 600, 0, (e, reason) -> {
        });

        stream.allocate("metadata", 500);

        assertThat(mine.isLive()).isFalse();
        assertThat(othersEntry.isLive()).isTrue();
        assertThat(stream.usedBytes()).isEqualTo(500);
        assertThat(controller.usedBytes()).isEqualTo(1_400);
    }

    @Test
    void anAllocationLargerThanTheStreamsLimitIsRejectedWithoutEvictingAnything() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        QuotaEntry entry = stream.admit("kept", "frames", 600, 0, (e, reason) -> {
        });

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("metadata", 1_001))
                .satisfies(ex -> assertThat(ex.limit()).isEqualTo(QuotaRejection.Limit.STREAM));

        assertThat(entry.isLive()).as("no eviction could make room for it").isTrue();
        assertThat(stream.usedBytes()).isEqualTo(600);
        assertThat(controller.usedBytes()).isEqualTo(600);
        assertThat(controller.snapshot().allocatedBytes()).isEqualTo(600);
    }

    @Test
    void wouldExceedLooksAtTheStreamLimitAndTheGlobalCriticalThreshold() {
        QuotaController controller = QuotaController.builder().globalLimit(2_000).defaultStreamLimit(1_500)
                .backgroundExecutor(Runnable::run).build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("default", 1_000);

        assertThat(stream.wouldExceed(500)).isFalse();
        assertThat(stream.wouldExceed(501)).isTrue();
        controller.stream("t").allocate("default", 900);
        assertThat(stream.wouldExceed(61)).as("critical is 1,960").isTrue();
        assertThat(stream.wouldExceed(60)).isFalse();
    }

    @Test
    void aReservationReleasesItsBytesOnceWhenItsTryBlockEnds() {
        QuotaStream stream = quotas().build().stream("s");

        QuotaStream.Reservation kept;
        try (QuotaStream.Reservation reservation = stream.reserve("frames", 400)) {
            kept = reservation;
            assertThat(stream.usedBytes()).isEqualTo(400);
            assertThat(reservation.bytes()).isEqualTo(400);
        }
        kept.close();

        assertThat(stream.usedBytes()).isZero();
    }

    @Test
    void aReservationThatDoesNotFitIsNotCreated() {
        QuotaStream stream = quotas().overLimitAction(OverLimitAction.REJECT).build().stream("s");

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.reserve("frames", 1_001));
        assertThat(stream.usedBytes()).isZero();
    }

    @Test
    void anEntryHoldsItsBytesUntilItsOwnerReleasesItWithoutACallback() {
        List<EvictionReason> callbacks = new ArrayList<>();
        QuotaStream stream = quotas().build().stream("s");

        QuotaEntry entry = stream.admit("k", "frames", 300, 7, (e, reason) -> callbacks.add(reason));
        assertThat(stream.snapshot().entries()).isEqualTo(1);
        assertThat(stream.snapshot().entryBytes()).isEqualTo(300);

        assertThat(entry.release()).isTrue();
        assertThat(entry.release()).isFalse();
        assertThat(stream.usedBytes()).isZero();
        assertThat(stream.snapshot().entries()).isZero();
        assertThat(callbacks).isEmpty();
    }

    @Test
    void anEntryNeedsAKeyAndACallback() {
        QuotaStream stream = quotas().build().stream("s");

        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> stream.admit(null, "frames", 1, 0, (e, r) -> {
                })).withMessage("key");
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> stream.admit("k", "frames", 1, 0, null)).withMessage("onEvict");
        assertThat(stream.usedBytes()).isZero();
    }

    @Test
    void closingEvictsTheEntriesReleasesEverythingAndReportsTheRestAsALeak() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        List<Object> dropped = new ArrayList<>();
        stream.admit("chunk", "frames", 200, 0, (entry, reason) -> dropped.add(entry.key() + ":" + reason));
        stream.allocate("frames", 100);
        stream.allocate("metadata", 30);

        stream.close();

        assertThat(dropped).containsExactly("chunk:STREAM_CLOSED");
        assertThat(stream.isClosed()).isTrue();
        assertThat(stream.usedBytes()).isZero();
        assertThat(controller.usedBytes()).isZero();
        assertThat(controller.findStream("s")).isEmpty();
        assertThat(listener.leaks).singleElement().isEqualTo(new SuspectedLeak("s",
                SuspectedLeak.Kind.CLOSED_WITH_BYTES, 130, Map.of("frames", 100L, "metadata", 30L), Duration.ZERO));
        assertThat(controller.snapshot().allocatedBytes()).isEqualTo(controller.snapshot().releasedBytes());
    }

    @Test
    void closingAStreamThatGaveEverythingBackReportsNoLeak() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("frames", 100);
        stream.release("frames", 100);

        stream.close();
        stream.close();

        assertThat(listener.leaks).isEmpty();
    }

    @Test
    void aClosedStreamRefusesAllocationsAndIgnoresReleases() {
        QuotaController controller = quotas().build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("frames", 100);
        QuotaStream.Reservation reservation = stream.reserve("metadata", 10);
        stream.close();

        assertThatIllegalStateException().isThrownBy(() -> stream.allocate("frames", 1))
                .withMessage("stream 's' is closed; get a new one from the controller");
        stream.release("frames", 100);
        reservation.close();

        assertThat(stream.usedBytes()).isZero();
        assertThat(stream.snapshot().components()).containsOnly(Map.entry("frames", 0L), Map.entry("metadata", 0L));
        assertThat(controller.usedBytes()).isZero();
        assertThat(controller.stream("s")).as("a new stream under the same id").isNotSameAs(stream);
    }

    @Test
    void theStreamTokenBucketAllowsABurstThenTheRate() {
        QuotaController controller = quotas().streamRateLimit(new RateLimit(1_000, 500)).build();
        QuotaStream stream = controller.stream("s");

        assertThat(stream.tryAcquire(500)).isTrue();
        assertThat(stream.tryAcquire(1)).isFalse();
        assertThat(controller.stream("other").tryAcquire(500)).as("each stream has its own bucket").isTrue();
        ticker.advance(Duration.ofMillis(100));
        assertThat(stream.tryAcquire(100)).isTrue();
        assertThat(stream.tryAcquire(1)).isFalse();
        assertThat(controller.snapshot().throttled()).isEqualTo(2);
    }

    @Test
    void theGlobalTokenBucketIsSharedAndADenialGivesTheStreamItsTokensBack() {
        QuotaController controller = quotas().streamRateLimit(new RateLimit(1_000, 500))
                .globalRateLimit(new RateLimit(1_000, 600)).build();
        QuotaStream a = controller.stream("a");
        QuotaStream b = controller.stream("b");

        assertThat(a.tryAcquire(400)).isTrue();
        assertThat(b.tryAcquire(300)).as("the global bucket has 200 left").isFalse();
        assertThat(b.tryAcquire(200)).isTrue();
        assertThat(b.tryAcquire(300)).as("b's own bucket was given back the denied 300").isFalse();
        ticker.advance(Duration.ofMillis(300));
        assertThat(b.tryAcquire(300)).isTrue();
    }

    @Test
    void acquireBooksTheWaitAndSleepsIt() throws InterruptedException {
        QuotaStream stream = quotas().streamRateLimit(new RateLimit(1_000, 500)).build().stream("s");
        stream.tryAcquire(500);

        assertThat(stream.acquire(200, Duration.ofMillis(250))).isTrue();

        assertThat(sleeps).containsExactly(Duration.ofMillis(200).toNanos());
    }

    @Test
    void acquireThatCannotSucceedInTimeReturnsAtOnceWithoutSleeping() throws InterruptedException {
        QuotaStream stream = quotas().streamRateLimit(new RateLimit(1_000, 500)).build().stream("s");
        stream.tryAcquire(500);

        assertThat(stream.acquire(200, Duration.ofMillis(199))).isFalse();

        assertThat(sleeps).isEmpty();
        ticker.advance(Duration.ofMillis(200));
        assertThat(stream.tryAcquire(200)).as("nothing was booked").isTrue();
    }

    @Test
    void anInterruptedAcquireGivesItsTokensBack() {
        QuotaController controller = quotas().streamRateLimit(new RateLimit(1_000, 500))
                .sleeper(nanos -> {
                    throw new InterruptedException();
                }).build();
        QuotaStream stream = controller.stream("s");
        stream.tryAcquire(500);

        assertThatExceptionOfType(InterruptedException.class)
                .isThrownBy(() -> stream.acquire(200, Duration.ofSeconds(1)));

        ticker.advance(Duration.ofMillis(200));
        assertThat(stream.tryAcquire(200)).isTrue();
    }

    @Test
    void withoutRateLimitsEverythingIsAllowed() throws InterruptedException {
        QuotaStream stream = quotas().build().stream("s");

        assertThat(stream.tryAcquire(Long.MAX_VALUE / 2)).isTrue();
        assertThat(stream.acquire(1_000_000, Duration.ZERO)).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> stream.acquire(1, Duration.ofSeconds(-1)))
                .withMessage("timeout must not be negative, was PT-1S");
    }

    @Test
    void aOneComponentStreamKeepsItsLimitAndBalancesThroughTheFirstCell() {
        QuotaController controller = QuotaController.builder().globalLimit(10_000).defaultStreamLimit(1_000)
                .backgroundExecutor(Runnable::run).build();
        QuotaStream stream = controller.stream("s");

        stream.allocate("default", 1_000);
        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> stream.allocate("default", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> stream.release("default", 1_001));
        assertThat(stream.usedBytes()).isEqualTo(1_000);
        assertThat(controller.usedBytes()).isEqualTo(1_000);
        stream.release("default", 1_000);

        assertThat(stream.usedBytes()).isZero();
        assertThat(controller.usedBytes()).isZero();
        stream.close();
        assertThatIllegalStateException().isThrownBy(() -> stream.allocate("default", 1));
        assertThat(controller.usedBytes()).isZero();
    }
}
