package io.memguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.pressure.MemorySnapshot;
import org.junit.jupiter.api.Test;

import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionController.Priority;

class AdmissionControllerTests {

    private final AtomicLong nanos = new AtomicLong();

    private AdmissionController.Builder builder() {
        return AdmissionController.builder().maxLimit(1000).minLimit(10).ticker(nanos::get);
    }

    @Test
    void admitsUpToThePriorityShareOfTheLimitAndThenRefusesWithoutAQueue() throws InterruptedException {
        AdmissionController controller = builder().queueCapacity(0).build();
        assertThat(controller.enter(400, Priority.NORMAL)).isEqualTo(AdmissionDecision.ADMITTED);
        assertThat(controller.enter(400, Priority.NORMAL)).isEqualTo(AdmissionDecision.ADMITTED);
        assertThat(controller.enter(1, Priority.NORMAL)).as("NORMAL fills 80%").isEqualTo(
                AdmissionDecision.REFUSED_QUEUE_FULL);
        assertThat(controller.enter(200, Priority.HIGH)).as("HIGH fills all of it").isEqualTo(
                AdmissionDecision.ADMITTED);
        assertThat(controller.inFlight()).isEqualTo(1000);
        controller.exit(400);
        controller.exit(400);
        controller.exit(200);
        assertThat(controller.inFlight()).isZero();
        AdmissionSnapshot state = controller.snapshot();
        assertThat(state.admitted()).isEqualTo(3);
        assertThat(state.refusedQueueFull()).isEqualTo(1);
    }

    @Test
    void lowPriorityIsRefusedFirstOnceTheLimitShrinks() throws InterruptedException {
        AdmissionController controller = builder().queueCapacity(0).build();
        cutUnderAFullLimit(controller, Snapshots.heapAfterGc(0.9));
        assertThat(controller.limit()).isEqualTo(700);
        assertThat(controller.enter(300, Priority.LOW)).isEqualTo(AdmissionDecision.ADMITTED);
        assertThat(controller.enter(100, Priority.LOW)).as("LOW stops at 350").isEqualTo(
                AdmissionDecision.REFUSED_QUEUE_FULL);
        assertThat(controller.enter(200, Priority.NORMAL)).as("NORMAL goes on to 560").isEqualTo(
                AdmissionDecision.ADMITTED);
        assertThat(controller.enter(100, Priority.NORMAL)).isEqualTo(AdmissionDecision.REFUSED_QUEUE_FULL);
        assertThat(controller.enter(100, Priority.HIGH)).isEqualTo(AdmissionDecision.ADMITTED);
    }

    @Test
    void aCutStartsFromTheWeightInFlightWhenThatIsBelowTheLimit() throws InterruptedException {
        AdmissionController controller = builder().build();
        controller.enter(200, Priority.NORMAL);
        controller.onSnapshot(Snapshots.heapAfterGc(0.9));
        assertThat(controller.limit()).as("0.7 of the 200 in flight, not of the limit of 1000").isEqualTo(140);
        controller.exit(200);
    }

    @Test
    void workHeavierThanTheWholeLimitRunsAloneRatherThanNever() throws InterruptedException {
        AdmissionController controller = builder().queueCapacity(0).build();
        assertThat(controller.enter(5000, Priority.LOW)).isEqualTo(AdmissionDecision.ADMITTED);
        assertThat(controller.enter(1, Priority.HIGH)).isEqualTo(AdmissionDecision.REFUSED_QUEUE_FULL);
        controller.exit(5000);
        assertThat(controller.enter(1, Priority.HIGH)).isEqualTo(AdmissionDecision.ADMITTED);
    }

    @Test
    void aRequestThatFindsNoRoomIsRefusedAfterTheQueueTimeout() throws InterruptedException {
        AdmissionController controller = builder().queueTimeout(Duration.ofMillis(20)).build();
        controller.enter(800, Priority.NORMAL);
        assertThat(controller.enter(100, Priority.NORMAL)).isEqualTo(AdmissionDecision.REFUSED_TIMEOUT);
        assertThat(controller.snapshot().refusedTimeout()).isEqualTo(1);
        assertThat(controller.snapshot().queued()).isZero();
    }

    @Test
    void aWaitingRequestIsAdmittedWhenEnoughWeightExits() throws Exception {
        AdmissionController controller = builder().queueTimeout(Duration.ofMinutes(1)).build();
        controller.enter(800, Priority.NORMAL);
        CompletableFuture<AdmissionDecision> waiting = CompletableFuture.supplyAsync(() -> enter(controller, 500));
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.snapshot().queued() == 1);
        controller.exit(800);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(AdmissionDecision.ADMITTED_AFTER_WAIT);
        assertThat(controller.inFlight()).isEqualTo(500);
        assertThat(controller.snapshot().admittedAfterWait()).isEqualTo(1);
    }

    @Test
    void aWaitingRequestIsAdmittedWhenTheLimitGrowsBack() throws Exception {
        AdmissionController controller = builder().queueTimeout(Duration.ofMinutes(1)).build();
        cutUnderAFullLimit(controller, Snapshots.heapAfterGc(0.9));
        controller.enter(500, Priority.NORMAL);
        CompletableFuture<AdmissionDecision> waiting = CompletableFuture.supplyAsync(() -> enter(controller, 100));
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.snapshot().queued() == 1);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        controller.onSnapshot(Snapshots.heapAfterGc(0.3));
        assertThat(controller.limit()).isEqualTo(800);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(AdmissionDecision.ADMITTED_AFTER_WAIT);
    }

    @Test
    void theLimitGrowsBackWhenIdleOrWellUsedButNotUnderWorkThatNeverReachesIt() throws InterruptedException {
        AdmissionController controller = builder().build();
        cutUnderAFullLimit(controller, Snapshots.heapAfterGc(0.9));
        assertThat(controller.limit()).isEqualTo(700);
        controller.enter(100, Priority.NORMAL);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        controller.onSnapshot(Snapshots.heapAfterGc(0.3));
        assertThat(controller.limit()).as("100 in flight under 700: not in use").isEqualTo(700);
        controller.enter(300, Priority.NORMAL);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        controller.onSnapshot(Snapshots.heapAfterGc(0.3));
        assertThat(controller.limit()).as("400 in flight: in use, +5%/s of 1000").isEqualTo(800);
        controller.exit(400);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        controller.onSnapshot(Snapshots.heapAfterGc(0.3));
        assertThat(controller.limit()).as("idle: back toward the maximum").isEqualTo(900);
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        AdmissionController controller = builder().queueCapacity(1).queueTimeout(Duration.ofMinutes(1)).build();
        controller.enter(800, Priority.NORMAL);
        CompletableFuture<AdmissionDecision> waiting = CompletableFuture.supplyAsync(() -> enter(controller, 100));
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.snapshot().queued() == 1);
        assertThat(controller.enter(1, Priority.HIGH)).isEqualTo(AdmissionDecision.REFUSED_QUEUE_FULL);
        controller.exit(800);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(AdmissionDecision.ADMITTED_AFTER_WAIT);
    }

    @Test
    void tryEnterNeverWaits() {
        AdmissionController controller = builder().queueTimeout(Duration.ofMinutes(10)).build();
        assertThat(controller.tryEnter(800, Priority.NORMAL)).isEqualTo(AdmissionDecision.ADMITTED);
        assertThat(controller.tryEnter(1, Priority.NORMAL)).isEqualTo(AdmissionDecision.REFUSED_QUEUE_FULL);
    }

    @Test
    void theContainerDrivesTheLoopWhenItIsFullerThanTheHeap() throws InterruptedException {
        AdmissionController controller = builder().build();
        cutUnderAFullLimit(controller, Snapshots.of(0.3, 0.8));
        assertThat(controller.limit()).isEqualTo(700);
        assertThat(controller.snapshot().ratio()).isEqualTo(0.8);
    }

    @Test
    void limitListenersHearEveryChangeAndOneThatThrowsStopsNothing() throws InterruptedException {
        AdmissionController controller = builder().build();
        List<Long> heard = new ArrayList<>();
        controller.addLimitListener((openness) -> {
            throw new IllegalStateException("listener failure on purpose");
        });
        controller.addLimitListener((openness) -> heard.add(controller.limit()));
        controller.enter(1000, Priority.HIGH);
        controller.onSnapshot(Snapshots.heapAfterGc(0.9));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        controller.onSnapshot(Snapshots.heapAfterGc(0.9));
        controller.onSnapshot(Snapshots.heapAfterGc(0.9));
        assertThat(heard).containsExactly(700L, 490L);
        assertThat(((WeightedAdmissionController) controller).listenerFailures()).isEqualTo(2);
        assertThat(controller.openness()).isEqualTo((490.0 - 10) / (1000 - 10));
        assertThat(controller.snapshot().cuts()).isEqualTo(2);
    }

    @Test
    void givingBackMoreThanIsInFlightFailsAndChangesNothing() throws InterruptedException {
        AdmissionController controller = builder().build();
        controller.enter(100, Priority.NORMAL);
        assertThatIllegalStateException().isThrownBy(() -> controller.exit(101)).withMessageContaining("exit(101)");
        assertThat(controller.inFlight()).isEqualTo(100);
    }

    @Test
    void wrongArgumentsAreRefusedByName() {
        AdmissionController controller = builder().build();
        assertThatIllegalArgumentException().isThrownBy(() -> controller.enter(0, Priority.LOW))
                .withMessageContaining("weight");
        assertThatIllegalArgumentException().isThrownBy(() -> controller.exit(-1)).withMessageContaining("weight");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().target(1.0).build())
                .withMessageContaining("target");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().hysteresis(0.8).build())
                .withMessageContaining("hysteresis");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().decreaseFactor(1).build())
                .withMessageContaining("decreaseFactor");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().increasePerSecond(0).build())
                .withMessageContaining("increasePerSecond");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().minLimit(2000).build())
                .withMessageContaining("minLimit");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().maxLimit(0).build())
                .withMessageContaining("maxLimit");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().queueCapacity(-1).build())
                .withMessageContaining("queueCapacity");
        assertThatIllegalArgumentException().isThrownBy(() -> builder().queueTimeout(Duration.ofMillis(-1)).build())
                .withMessageContaining("queueTimeout");
    }

    private static AdmissionDecision enter(AdmissionController controller, long weight) {
        try {
            return controller.enter(weight, Priority.NORMAL);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A cut while the whole limit is in flight, so that it starts from the limit itself. */
    private static void cutUnderAFullLimit(AdmissionController controller, MemorySnapshot snapshot)
            throws InterruptedException {
        controller.enter(controller.limit(), Priority.HIGH);
        long inFlight = controller.limit();
        controller.onSnapshot(snapshot);
        controller.exit(inFlight);
    }
}
