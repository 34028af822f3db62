package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.ringbuffer.RecordingDropHandler.Drop;
import io.memguard.ringbuffer.RingBuffer.OfferOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * The behaviour every ring buffer shares, run against {@link ConcurrentRingBuffer} (the undeclared buffer);
 * {@link MpscRingBufferTests} and {@link SpscRingBufferTests} run the same tests against the declared ones.
 * The tests use one producer thread and one consumer thread at a time, which every declaration allows.
 */
@Timeout(60)
class ConcurrentRingBufferTests {

    private final RecordingDropHandler<Integer> drops = new RecordingDropHandler<>();

    private final ScriptedParker parker = new ScriptedParker();

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        RingBuffer<Integer> buffer = buffer(8, OverflowPolicy.DROP_NEWEST);
        for (int i = 0; i < 5; i++) {
            assertThat(buffer.offer(i)).isEqualTo(OfferOutcome.ACCEPTED);
        }
        assertThat(buffer.size()).isEqualTo(5);
        assertThat(pollAll(buffer)).containsExactly(0, 1, 2, 3, 4);
        assertThat(buffer.poll()).isNull();
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void orderHoldsOverManyLapsOfTheArray() {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_NEWEST);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 1000; i += 3) {
            buffer.offer(i);
            buffer.offer(i + 1);
            buffer.offer(i + 2);
            out.addAll(pollAll(buffer));
        }
        assertThat(out).isEqualTo(IntStream.range(0, 1002).boxed().toList());
    }

    @Test
    void offerRejectsNullNamingTheArgument() {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_OLDEST);
        assertThatNullPointerException().isThrownBy(() -> buffer.offer(null)).withMessage("item");
    }

    @Test
    void capacityThatIsNotAPowerOfTwoIsHonoured() {
        RingBuffer<Integer> buffer = buffer(5, OverflowPolicy.DROP_NEWEST);
        for (int i = 0; i < 5; i++) {
            assertThat(buffer.offer(i)).isEqualTo(OfferOutcome.ACCEPTED);
        }
        assertThat(buffer.offer(5)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(buffer.size()).isEqualTo(5);
        assertThat(buffer.capacity()).isEqualTo(5);
    }

    @Test
    void dropOldestMakesRoomAndHandsTheOldestToTheHandler() {
        RingBuffer<Integer> buffer = buffer(3, OverflowPolicy.DROP_OLDEST);
        buffer.offer(1);
        buffer.offer(2);
        buffer.offer(3);
        assertThat(buffer.offer(4)).isEqualTo(OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST);
        assertThat(buffer.offer(5)).isEqualTo(OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST);
        assertThat(pollAll(buffer)).containsExactly(3, 4, 5);
        assertThat(drops.drops()).containsExactly(new Drop<>(1, DropReason.DROP_OLDEST),
                new Drop<>(2, DropReason.DROP_OLDEST));
        assertThat(buffer.metrics().dropped(DropReason.DROP_OLDEST)).isEqualTo(2);
    }

    @Test
    void dropNewestRejectsTheOfferedItemAndKeepsTheOthers() {
        RingBuffer<Integer> buffer = buffer(2, OverflowPolicy.DROP_NEWEST);
        buffer.offer(1);
        buffer.offer(2);
        assertThat(buffer.offer(3)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(OfferOutcome.REJECTED.isAccepted()).isFalse();
        assertThat(pollAll(buffer)).containsExactly(1, 2);
        assertThat(drops.drops()).containsExactly(new Drop<>(3, DropReason.DROP_NEWEST));
    }

    @Test
    void blockWithTimeoutRejectsOnceTheTimeoutHasPassedOnTheInjectedClock() {
        RingBuffer<Integer> buffer = builder(1, OverflowPolicy.BLOCK_WITH_TIMEOUT).timeout(Duration.ofMillis(250))
                .build();
        buffer.offer(1);
        assertThat(buffer.offer(2)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(parker.parkedNanos()).containsExactlyElementsOf(parksPassingEachOnTheFakeClock(ms(250)));
        assertThat(drops.drops()).containsExactly(new Drop<>(2, DropReason.TIMEOUT));
        assertThat(buffer.metrics().blockedNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
    }

    @Test
    void blockWithTimeoutAcceptsWhenAConsumerMakesRoomBeforeTheTimeout() {
        RingBuffer<Integer> buffer = builder(1, OverflowPolicy.BLOCK_WITH_TIMEOUT).timeout(Duration.ofSeconds(1))
                .build();
        buffer.offer(1);
        List<Integer> consumed = new ArrayList<>();
        parker.onPark(nanos -> {
            // 300 ms into the wait, a consumer takes the item.
            parker.advance(Duration.ofMillis(300).toNanos());
            consumed.add(buffer.poll());
        });
        assertThat(buffer.offer(2)).isEqualTo(OfferOutcome.ACCEPTED);
        assertThat(consumed).containsExactly(1);
        assertThat(buffer.poll()).isEqualTo(2);
        assertThat(drops.drops()).isEmpty();
        assertThat(buffer.metrics().blockedNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void blockWithTimeoutWaitsOnlyForWhatIsLeftAfterASpuriousWakeUp() {
        RingBuffer<Integer> buffer = builder(1, OverflowPolicy.BLOCK_WITH_TIMEOUT).timeout(Duration.ofMillis(100))
                .build();
        buffer.offer(1);
        parker.onPark(nanos -> parker.advance(Duration.ofMillis(40).toNanos()));
        assertThat(buffer.offer(2)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(parker.parkedNanos()).containsExactly(arity().boundedFirstPark(ms(100)), ms(60), ms(20));
    }

    @Test
    void blockWaitsForAConsumer() {
        RingBuffer<Integer> buffer = declared().capacity(1).policy(OverflowPolicy.BLOCK).build();
        buffer.offer(1);
        AtomicReference<Thread> producer = new AtomicReference<>();
        CompletableFuture<OfferOutcome> offer = CompletableFuture.supplyAsync(() -> {
            producer.set(Thread.currentThread());
            return buffer.offer(2);
        });
        await().until(() -> producer.get() != null && producer.get().getState() == Thread.State.WAITING);
        assertThat(offer).isNotDone();
        assertThat(buffer.poll()).isEqualTo(1);
        assertThat(offer).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(OfferOutcome.ACCEPTED);
        assertThat(buffer.poll()).isEqualTo(2);
        assertThat(buffer.metrics().blockedNanos()).isPositive();
    }

    @Test
    void aProducerBlockedOnAPressuredBufferIsWokenByTheTakeThatEndsThePressure() {
        // Capacity 2: the high watermark is 2 items and the low one 1, so filling it makes it pressured and one
        // take ends the pressure. A take reads one word for "pressured or producers waiting"; ending the
        // pressure must leave the waiting producer counted in it, or the take would not wake it.
        RingBuffer<Integer> buffer = declared().capacity(2).policy(OverflowPolicy.BLOCK).build();
        buffer.offer(1);
        buffer.offer(2);
        assertThat(buffer.isPressured()).isTrue();
        AtomicReference<Thread> producer = new AtomicReference<>();
        CompletableFuture<OfferOutcome> offer = CompletableFuture.supplyAsync(() -> {
            producer.set(Thread.currentThread());
            return buffer.offer(3);
        });
        // WAITING, not TIMED_WAITING: past the bounded first park, only a wake-up from a take brings it back.
        await().until(() -> producer.get() != null && producer.get().getState() == Thread.State.WAITING);
        assertThat(buffer.poll()).isEqualTo(1);
        assertThat(offer).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(OfferOutcome.ACCEPTED);
        assertThat(pollAll(buffer)).containsExactly(2, 3);
        assertThat(buffer.isPressured()).isFalse();
    }

    @Test
    void blockedProducerThatIsInterruptedDropsItsItemAndKeepsTheInterrupt() throws Exception {
        RingBuffer<Integer> buffer = declared().capacity(1).policy(OverflowPolicy.BLOCK)
                .dropHandler(drops).build();
        buffer.offer(1);
        AtomicReference<OfferOutcome> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            outcome.set(buffer.offer(2));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        producer.start();
        await().until(() -> producer.getState() == Thread.State.WAITING);
        producer.interrupt();
        producer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(outcome.get()).isEqualTo(OfferOutcome.REJECTED);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(drops.drops()).containsExactly(new Drop<>(2, DropReason.INTERRUPTED));
        assertThat(pollAll(buffer)).containsExactly(1);
    }

    @Test
    void takeWaitsForAnItem() {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_OLDEST, Parker.system());
        AtomicReference<Thread> consumer = new AtomicReference<>();
        CompletableFuture<Integer> take = CompletableFuture.supplyAsync(() -> {
            consumer.set(Thread.currentThread());
            try {
                return buffer.take();
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        await().until(() -> consumer.get() != null && consumer.get().getState() == Thread.State.WAITING);
        buffer.offer(7);
        assertThat(take).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(7);
    }

    @Test
    void takeThrowsWhenInterrupted() throws Exception {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_OLDEST, Parker.system());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                buffer.take();
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        });
        consumer.start();
        await().until(() -> consumer.getState() == Thread.State.WAITING);
        consumer.interrupt();
        consumer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(failure.get()).isInstanceOf(InterruptedException.class)
                .hasMessage("Interrupted while waiting on ring buffer 'test'");
    }

    @Test
    void pollWithTimeoutReturnsNullOnceTheTimeoutHasPassedOnTheInjectedClock() throws InterruptedException {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_OLDEST);
        assertThat(buffer.poll(Duration.ofMillis(30))).isNull();
        assertThat(parker.parkedNanos()).containsExactlyElementsOf(parksPassingEachOnTheFakeClock(ms(30)));
    }

    @Test
    void pollWithTimeoutReturnsAnItemThatArrivesWhileWaiting() throws InterruptedException {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_OLDEST);
        parker.onPark(nanos -> buffer.offer(9));
        assertThat(buffer.poll(Duration.ofSeconds(5))).isEqualTo(9);
    }

    @Test
    void pollWithZeroTimeoutDoesNotWait() throws InterruptedException {
        RingBuffer<Integer> buffer = buffer(4, OverflowPolicy.DROP_OLDEST);
        assertThat(buffer.poll(Duration.ZERO)).isNull();
        assertThat(parker.parkedNanos()).isEmpty();
    }

    @Test
    void drainToMovesAtMostTheBatchOldestFirst() {
        RingBuffer<Integer> buffer = buffer(8, OverflowPolicy.DROP_OLDEST);
        IntStream.range(0, 6).forEach(buffer::offer);
        List<Integer> batch = new ArrayList<>();
        assertThat(buffer.drainTo(batch, 4)).isEqualTo(4);
        assertThat(batch).containsExactly(0, 1, 2, 3);
        assertThat(buffer.drainTo(batch, 4)).isEqualTo(2);
        assertThat(batch).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(buffer.drainTo(batch, 4)).isZero();
    }

    @Test
    void drainToRejectsANegativeBatch() {
        RingBuffer<Integer> buffer = buffer(8, OverflowPolicy.DROP_OLDEST);
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> buffer.drainTo(new ArrayList<>(), -1))
                .withMessage("maxItems must not be negative, was -1");
    }

    @Test
    void resizeDoublesUpToTheMaximumThenAppliesTheFallbackPolicy() {
        RingBuffer<Integer> buffer = builder(4, OverflowPolicy.RESIZE).maxCapacity(12)
                .fallbackPolicy(OverflowPolicy.DROP_NEWEST).build();
        for (int i = 0; i < 12; i++) {
            assertThat(buffer.offer(i)).as("offer %d", i).isEqualTo(OfferOutcome.ACCEPTED);
        }
        assertThat(buffer.capacity()).isEqualTo(12);
        assertThat(buffer.metrics().resizes()).isEqualTo(2);
        assertThat(buffer.offer(12)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(drops.drops()).containsExactly(new Drop<>(12, DropReason.DROP_NEWEST));
        assertThat(pollAll(buffer)).isEqualTo(IntStream.range(0, 12).boxed().toList());
    }

    @Test
    void resizeKeepsOrderAcrossSegmentsWhileConsumersAreBehind() {
        RingBuffer<Integer> buffer = builder(2, OverflowPolicy.RESIZE).maxCapacity(64).build();
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < round + 2; i++) {
                buffer.offer(next++);
            }
            out.add(buffer.poll());
        }
        out.addAll(pollAll(buffer));
        assertThat(out).isEqualTo(IntStream.range(0, next).boxed().toList());
        assertThat(drops.drops()).isEmpty();
        assertThat(buffer.metrics().resizes()).isPositive();
    }

    @Test
    void resizeDoesNotGrowUnderMemoryPressure() {
        RingBuffer<Integer> buffer = builder(8, OverflowPolicy.RESIZE).maxCapacity(64)
                .fallbackPolicy(OverflowPolicy.DROP_NEWEST).build();
        buffer.adjustTo(MemoryPressureLevel.HIGH);
        for (int i = 0; i < 4; i++) {
            assertThat(buffer.offer(i)).isEqualTo(OfferOutcome.ACCEPTED);
        }
        assertThat(buffer.offer(4)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(buffer.metrics().resizes()).isZero();
    }

    @Test
    void watermarksTellListenersOnceAtEachCrossing() {
        List<String> crossings = new CopyOnWriteArrayList<>();
        RingBuffer<Integer> buffer = builder(10, OverflowPolicy.DROP_NEWEST).watermarks(0.8, 0.3)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onHighWatermark(RingBuffer<?> source, int size) {
                        crossings.add("high " + source.name() + " " + size);
                    }

                    @Override
                    public void onLowWatermark(RingBuffer<?> source, int size) {
                        crossings.add("low " + source.name() + " " + size);
                    }
                }).build();
        for (int i = 0; i < 7; i++) {
            buffer.offer(i);
        }
        assertThat(buffer.isPressured()).isFalse();
        buffer.offer(7);
        assertThat(buffer.isPressured()).isTrue();
        buffer.offer(8);
        buffer.offer(9);
        for (int i = 0; i < 6; i++) {
            buffer.poll();
            assertThat(buffer.isPressured()).as("pressured at size %d", buffer.size()).isTrue();
        }
        buffer.poll();
        assertThat(buffer.isPressured()).isFalse();
        assertThat(crossings).containsExactly("high test 8", "low test 3");
        for (int i = 0; i < 5; i++) {
            buffer.offer(i);
        }
        assertThat(crossings).containsExactly("high test 8", "low test 3", "high test 8");
    }

    @Test
    void aTakeCrossesTheLowWatermarkOfTheCapacityInForceNotOfTheOneWhenTheBufferBecamePressured() {
        List<String> crossings = new CopyOnWriteArrayList<>();
        RingBuffer<Integer> buffer = builder(10, OverflowPolicy.DROP_NEWEST).watermarks(0.8, 0.3)
                .watermarkListener(recordingCrossings(crossings)).build();
        // At HIGH the capacity is 5: high watermark 4, low watermark 1.
        buffer.adjustTo(MemoryPressureLevel.HIGH);
        for (int i = 0; i < 4; i++) {
            buffer.offer(i);
        }
        buffer.poll();
        assertThat(buffer.isPressured()).isTrue();
        // Back to a capacity of 10, whose low watermark is 3: the size, 3, is at it, so the next take relieves.
        buffer.adjustTo(MemoryPressureLevel.NONE);
        buffer.poll();
        assertThat(buffer.isPressured()).isFalse();
        assertThat(crossings).containsExactly("high 4", "low 2");
    }

    @Test
    void aListenerHearsHighBeforeLowWhileAnotherListenerIsStillBeingToldOfHigh() throws Exception {
        CountDownLatch firstListenerEntered = new CountDownLatch(1);
        CountDownLatch firstListenerMayReturn = new CountDownLatch(1);
        List<String> secondHeard = new CopyOnWriteArrayList<>();
        RingBuffer<Integer> buffer = builder(4, OverflowPolicy.DROP_NEWEST).watermarks(0.5, 0.25)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onHighWatermark(RingBuffer<?> source, int size) {
                        firstListenerEntered.countDown();
                        awaitOrFail(firstListenerMayReturn);
                    }
                })
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onHighWatermark(RingBuffer<?> source, int size) {
                        secondHeard.add("HIGH(" + size + ")");
                    }

                    @Override
                    public void onLowWatermark(RingBuffer<?> source, int size) {
                        secondHeard.add("LOW(" + size + ")");
                    }
                }).build();
        buffer.offer(1);
        // The second offer reaches the high watermark; its producer is held inside the first listener.
        CompletableFuture<OfferOutcome> producer = CompletableFuture.supplyAsync(() -> buffer.offer(2));
        assertThat(firstListenerEntered.await(10, TimeUnit.SECONDS)).isTrue();
        // Meanwhile a consumer empties the buffer below the low watermark.
        assertThat(buffer.poll()).isEqualTo(1);
        firstListenerMayReturn.countDown();
        assertThat(producer).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(OfferOutcome.ACCEPTED);
        assertThat(secondHeard).containsExactly("HIGH(2)", "LOW(0)");
        assertThat(buffer.isPressured()).isFalse();
    }

    @Test
    void aListenerThatOffersFromItsCallbackHearsItsOwnCrossingAfterTheOneItWasToldOf() {
        List<String> heard = new CopyOnWriteArrayList<>();
        RingBuffer<Integer> buffer = builder(4, OverflowPolicy.DROP_NEWEST).watermarks(0.5, 0.25).build();
        RingBuffer<Integer> listened = builder(4, OverflowPolicy.DROP_NEWEST).watermarks(0.5, 0.25)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onHighWatermark(RingBuffer<?> source, int size) {
                        heard.add("HIGH");
                        // Reacts to pressure by draining the buffer at once, crossing the low watermark.
                        while (source.poll() != null) {
                            buffer.offer(0);
                        }
                        heard.add("drained");
                    }

                    @Override
                    public void onLowWatermark(RingBuffer<?> source, int size) {
                        heard.add("LOW");
                    }
                }).build();
        listened.offer(1);
        listened.offer(2);
        assertThat(heard).containsExactly("HIGH", "drained", "LOW");
        assertThat(listened.isPressured()).isFalse();
        // The crossing is seen before the second item is in, so the listener drained the first one only.
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(pollAll(listened)).containsExactly(2);
    }

    @Test
    void aBlockedProducerOfAResizeBufferGrowsItOnceMemoryPressureFalls() {
        RingBuffer<Integer> buffer = builder(2, OverflowPolicy.RESIZE).maxCapacity(8)
                .fallbackPolicy(OverflowPolicy.BLOCK).build();
        buffer.offer(1);
        buffer.offer(2);
        buffer.adjustTo(MemoryPressureLevel.HIGH);
        List<Long> parks = new ArrayList<>();
        parker.onPark(nanos -> {
            parks.add(nanos);
            if (parks.size() == 1) {
                // Pressure falls while the producer waits; no consumer comes.
                buffer.adjustTo(MemoryPressureLevel.NONE);
            }
            else {
                // Parked again although the buffer could grow: give up rather than wait for ever.
                Thread.currentThread().interrupt();
            }
        });
        OfferOutcome outcome = buffer.offer(3);
        boolean interrupted = Thread.interrupted();
        assertThat(outcome).as("outcome after %d parks", parks.size()).isEqualTo(OfferOutcome.ACCEPTED);
        assertThat(interrupted).isFalse();
        assertThat(parks).hasSize(1);
        assertThat(buffer.metrics().resizes()).isEqualTo(1);
        assertThat(buffer.capacity()).isEqualTo(4);
        assertThat(pollAll(buffer)).containsExactly(1, 2, 3);
    }

    @Test
    void aOneItemBufferHoldsOneItemUnderEveryPolicy() {
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            RingBuffer<Integer> buffer = builder(1, policy).fallbackPolicy(OverflowPolicy.DROP_NEWEST)
                    .timeout(Duration.ofMillis(1)).build();
            for (int i = 0; i < 10; i++) {
                assertThat(buffer.offer(i)).as("%s offer %d", policy, i).isEqualTo(OfferOutcome.ACCEPTED);
                assertThat(buffer.size()).isEqualTo(1);
                assertThat(buffer.poll()).isEqualTo(i);
            }
            if (policy != OverflowPolicy.BLOCK) {
                // (BLOCK would wait for a consumer for ever.)
                buffer.offer(10);
                assertThat(buffer.offer(11).isAccepted()).as("%s second item", policy)
                        .isEqualTo(policy == OverflowPolicy.DROP_OLDEST || policy == OverflowPolicy.RESIZE);
                assertThat(buffer.size()).isEqualTo((policy == OverflowPolicy.RESIZE) ? 2 : 1);
                assertThat(buffer.metrics().highWaterMark()).isEqualTo(buffer.size());
            }
        }
    }

    @Test
    void highPressureShrinksTheCapacityAndDropsTheOldestBeyondIt() {
        RingBuffer<Integer> buffer = builder(8, OverflowPolicy.DROP_OLDEST).pressureFractions(0.5, 0.25).build();
        IntStream.range(0, 8).forEach(buffer::offer);
        buffer.adjustTo(MemoryPressureLevel.HIGH);
        assertThat(buffer.capacity()).isEqualTo(4);
        assertThat(buffer.size()).isEqualTo(4);
        assertThat(drops.drops()).extracting(Drop::item).containsExactly(0, 1, 2, 3);
        buffer.adjustTo(MemoryPressureLevel.CRITICAL);
        assertThat(buffer.capacity()).isEqualTo(2);
        assertThat(buffer.offer(8)).isEqualTo(OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST);
        assertThat(pollAll(buffer)).containsExactly(7, 8);
        buffer.adjustTo(MemoryPressureLevel.MODERATE);
        assertThat(buffer.capacity()).isEqualTo(8);
    }

    @Test
    void itemsBeyondAShrunkenCapacityStayButNewOnesMeetTheOverflowPolicy() {
        RingBuffer<Integer> buffer = builder(8, OverflowPolicy.DROP_NEWEST).build();
        IntStream.range(0, 6).forEach(buffer::offer);
        buffer.adjustTo(MemoryPressureLevel.HIGH);
        assertThat(buffer.size()).isEqualTo(6);
        assertThat(buffer.isPressured()).isFalse();
        assertThat(buffer.offer(6)).isEqualTo(OfferOutcome.REJECTED);
        assertThat(buffer.isPressured()).isTrue();
        pollAll(buffer);
        IntStream.range(0, 4).forEach(i -> assertThat(buffer.offer(i)).isEqualTo(OfferOutcome.ACCEPTED));
        assertThat(buffer.offer(4)).isEqualTo(OfferOutcome.REJECTED);
        buffer.adjustTo(MemoryPressureLevel.NONE);
        assertThat(buffer.offer(4)).isEqualTo(OfferOutcome.ACCEPTED);
    }

    @Test
    void aThrowingDropHandlerIsCountedAndTheBufferCarriesOn() {
        RingBuffer<Integer> buffer = declared().capacity(1)
                .dropHandler((item, reason) -> {
                    throw new IllegalStateException("boom");
                }).build();
        for (int i = 0; i < 10; i++) {
            assertThat(buffer.offer(i)).isEqualTo((i == 0) ? OfferOutcome.ACCEPTED
                    : OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST);
        }
        assertThat(buffer.poll()).isEqualTo(9);
        assertThat(buffer.metrics().callbackFailures()).isEqualTo(9);
        assertThat(buffer.metrics().dropped()).isEqualTo(9);
    }

    @Test
    void aThrowingWatermarkListenerIsCountedAndTheBufferCarriesOn() {
        RingBuffer<Integer> buffer = builder(2, OverflowPolicy.DROP_NEWEST).watermarks(0.5, 0.0)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onHighWatermark(RingBuffer<?> source, int size) {
                        throw new IllegalStateException("boom");
                    }
                }).build();
        assertThat(buffer.offer(1)).isEqualTo(OfferOutcome.ACCEPTED);
        assertThat(buffer.isPressured()).isTrue();
        assertThat(buffer.metrics().callbackFailures()).isEqualTo(1);
        assertThat(buffer.poll()).isEqualTo(1);
    }

    @Test
    void crossingTheWatermarksAllocatesNothing() {
        RingBuffer<Integer> buffer = builder(4, OverflowPolicy.DROP_NEWEST).watermarks(0.5, 0.25)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                }).build();
        Integer item = 1;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = 20_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < rounds; round++) {
            // Two items cross the high watermark (2 of 4), polling them crosses the low one (1 of 4).
            buffer.offer(item);
            buffer.offer(item);
            buffer.poll();
            buffer.poll();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(buffer.metrics().dropped()).isZero();
        // A few objects of the JIT or the JVM may land on this thread; a record per crossing would be ~640 KB.
        assertThat(allocated).as("bytes allocated by %d crossings", 2 * rounds).isLessThan(16 * 1024);
    }

    @Test
    void countersBalance() {
        RingBuffer<Integer> buffer = builder(4, OverflowPolicy.DROP_OLDEST).build();
        IntStream.range(0, 10).forEach(buffer::offer);
        buffer.poll();
        buffer.poll();
        RingBufferMetrics metrics = buffer.metrics();
        assertThat(metrics.offered()).isEqualTo(10);
        assertThat(metrics.polled()).isEqualTo(2);
        assertThat(metrics.dropped()).isEqualTo(6);
        assertThat(metrics.size()).isEqualTo(2);
        assertThat(metrics.offered()).isEqualTo(metrics.polled() + metrics.dropped() + metrics.size());
        assertThat(metrics.highWaterMark()).isEqualTo(4);
        assertThat(metrics.capacity()).isEqualTo(4);
        assertThat(metrics.maxCapacity()).isEqualTo(4);
    }

    @Test
    void highWaterMarkIsExactForLargePeaks() {
        RingBuffer<Integer> buffer = builder(1024, OverflowPolicy.DROP_NEWEST).build();
        for (int round = 0; round < 3; round++) {
            IntStream.range(0, 100 + round * 37).forEach(buffer::offer);
            pollAll(buffer);
        }
        IntStream.range(0, 90).forEach(buffer::offer);
        assertThat(buffer.metrics().highWaterMark()).isEqualTo(174);
    }

    @Test
    void toStringNamesTheBuffer() {
        assertThat(buffer(4, OverflowPolicy.DROP_OLDEST)).hasToString(
                "RingBuffer[name=test, size=0, capacity=4, policy=DROP_OLDEST]");
    }

    /** The declaration the buffers of these tests are built with; subclasses test the others. */
    /**
     * A walk over many laps of an array longer than the capacity (100 items in 128 slots), the size going up
     * and down across both watermarks, against a plain model: every offer is accepted exactly while the
     * model holds fewer items than the capacity, items come out in order, and every crossing is heard at the
     * size where it happens. Once the buffer has been full, an SPSC producer claims by looking at slots
     * ({@link SpscRingBuffer}), so this checks that path against the capacity and the watermarks.
     */
    @Test
    void overManyLapsEveryOfferIsAcceptedExactlyBelowTheCapacityAndEveryCrossingIsHeard() {
        int capacity = 100;
        int high = 80;
        int low = 50;
        List<String> crossings = new ArrayList<>();
        RingBuffer<Integer> buffer = builder(capacity, OverflowPolicy.DROP_NEWEST).watermarks(0.8, 0.5)
                .watermarkListener(recordingCrossings(crossings)).build();
        ArrayDeque<Integer> model = new ArrayDeque<>();
        List<String> expectedCrossings = new ArrayList<>();
        boolean pressured = false;
        Random random = new Random(16);
        int next = 0;
        for (int burst = 0; burst < 5_000; burst++) {
            // Bursts of offers and of polls, more of one kind for a while, so that the size sweeps 0..capacity.
            boolean offering = random.nextInt(100) < ((burst / 50) % 2 == 0 ? 70 : 30);
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                if (offering) {
                    OfferOutcome outcome = buffer.offer(next);
                    assertThat(outcome).as("offer at size %d", model.size())
                            .isEqualTo(model.size() < capacity ? OfferOutcome.ACCEPTED : OfferOutcome.REJECTED);
                    if (outcome == OfferOutcome.ACCEPTED) {
                        model.addLast(next);
                        if (!pressured && model.size() >= high) {
                            pressured = true;
                            expectedCrossings.add("high " + model.size());
                        }
                    }
                    next++;
                }
                else {
                    assertThat(buffer.poll()).isEqualTo(model.pollFirst());
                    if (pressured && model.size() <= low) {
                        pressured = false;
                        expectedCrossings.add("low " + model.size());
                    }
                }
                assertThat(buffer.size()).isEqualTo(model.size());
            }
        }
        assertThat(crossings).hasSizeGreaterThan(100).isEqualTo(expectedCrossings);
        assertThat(buffer.metrics().highWaterMark()).isEqualTo(capacity);
    }

    /**
     * Memory pressure shrinks the capacity between any two offers of a walk like the one above, whatever
     * producer limit the producer had moved ahead before: the next offer already respects the new capacity.
     */
    @Test
    void aShrunkCapacityHoldsFromTheNextOfferWhateverLimitTheProducerHadReached() {
        RingBuffer<Integer> buffer = builder(100, OverflowPolicy.DROP_NEWEST).pressureFractions(0.5, 0.25).build();
        MemoryPressureLevel[] levels = { MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH,
                MemoryPressureLevel.CRITICAL };
        int[] capacities = { 100, 50, 25 };
        ArrayDeque<Integer> model = new ArrayDeque<>();
        Random random = new Random(61);
        int level = 0;
        int next = 0;
        for (int burst = 0; burst < 5_000; burst++) {
            if (random.nextInt(10) == 0) {
                level = random.nextInt(levels.length);
                buffer.adjustTo(levels[level]);
                assertThat(buffer.capacity()).isEqualTo(capacities[level]);
            }
            boolean offering = random.nextInt(100) < ((burst / 50) % 2 == 0 ? 70 : 30);
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                if (offering) {
                    OfferOutcome outcome = buffer.offer(next);
                    assertThat(outcome).as("offer at size %d, capacity %d", model.size(), capacities[level])
                            .isEqualTo(model.size() < capacities[level] ? OfferOutcome.ACCEPTED : OfferOutcome.REJECTED);
                    if (outcome == OfferOutcome.ACCEPTED) {
                        model.addLast(next);
                    }
                    next++;
                }
                else {
                    assertThat(buffer.poll()).isEqualTo(model.pollFirst());
                }
            }
        }
        assertThat(buffer.metrics().highWaterMark()).isEqualTo(100);
    }

    Arity arity() {
        return Arity.MPMC;
    }

    private RingBuffer.Builder<Integer> declared() {
        return arity().declare(RingBuffer.builder("test"));
    }

    /**
     * The parks of a wait of {@code nanos} on a clock that lets each park's whole time pass: one, or two
     * where the first park is bounded (see {@link AbstractRingBuffer}).
     */
    private List<Long> parksPassingEachOnTheFakeClock(long nanos) {
        long first = arity().boundedFirstPark(nanos);
        return (first == nanos) ? List.of(nanos) : List.of(first, nanos - first);
    }

    /** A listener that adds {@code "high <size>"} and {@code "low <size>"} to {@code crossings}. */
    private static RingBuffer.WatermarkListener recordingCrossings(List<String> crossings) {
        return new RingBuffer.WatermarkListener() {
            @Override
            public void onHighWatermark(RingBuffer<?> source, int size) {
                crossings.add("high " + size);
            }

            @Override
            public void onLowWatermark(RingBuffer<?> source, int size) {
                crossings.add("low " + size);
            }
        };
    }

    private RingBuffer.Builder<Integer> builder(int capacity, OverflowPolicy policy) {
        return declared().capacity(capacity).policy(policy).dropHandler(drops).parker(parker);
    }

    private RingBuffer<Integer> buffer(int capacity, OverflowPolicy policy) {
        return builder(capacity, policy).build();
    }

    private RingBuffer<Integer> buffer(int capacity, OverflowPolicy policy, Parker parker) {
        return builder(capacity, policy).parker(parker).build();
    }

    private static List<Integer> pollAll(RingBuffer<Integer> buffer) {
        List<Integer> items = new ArrayList<>();
        Integer item;
        while ((item = buffer.poll()) != null) {
            items.add(item);
        }
        return items;
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the listener");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
