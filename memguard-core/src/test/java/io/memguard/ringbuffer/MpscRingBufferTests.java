package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * The shared behaviour of {@link ConcurrentRingBufferTests}, for a buffer declared {@code singleConsumer()},
 * and the check of that declaration. The tests run with assertions enabled, as Surefire runs them.
 */
class MpscRingBufferTests extends ConcurrentRingBufferTests {

    @Override
    Arity arity() {
        return Arity.MPSC;
    }

    @Test
    void theBuilderPicksTheAlgorithmOfTheDeclaration() {
        RingBuffer<Integer> buffer = arity().declare(RingBuffer.<Integer>builder("declared")).build();
        assertThat(buffer).isExactlyInstanceOf((arity() == Arity.SPSC) ? SpscRingBuffer.class : MpscRingBuffer.class);
    }

    @Test
    void aSecondConsumerPollingWhileTheFirstIsInsideAPollIsReportedWithAssertionsOn() throws Exception {
        CountDownLatch insidePoll = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RingBuffer<Integer> buffer = arity().declare(RingBuffer.<Integer>builder("declared")).capacity(4)
                .policy(OverflowPolicy.DROP_NEWEST).watermarks(0.75, 0.25)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onLowWatermark(RingBuffer<?> source, int size) {
                        // Called from inside the poll that crossed the low watermark: hold that poll there.
                        insidePoll.countDown();
                        awaitOrFail(release);
                    }
                }).build();
        for (int i = 0; i < 3; i++) {
            buffer.offer(i);
        }
        assertThat(buffer.isPressured()).isTrue();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
            buffer.poll();
            return buffer.poll();
        });
        awaitOrFail(insidePoll);
        assertThatExceptionOfType(AssertionError.class).isThrownBy(buffer::poll)
                .withMessageContaining("Ring buffer 'declared' was declared singleConsumer()")
                .withMessageContaining("'" + Thread.currentThread().getName() + "'");
        release.countDown();
        assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1);
        assertThat(buffer.poll()).isEqualTo(2);
        await().until(buffer::isEmpty);
    }

    static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the latch was not released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
