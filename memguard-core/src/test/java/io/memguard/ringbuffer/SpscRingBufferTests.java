package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * The shared behaviour of {@link ConcurrentRingBufferTests} and the consumer check of
 * {@link MpscRingBufferTests}, for a buffer declared {@code singleProducer().singleConsumer()}, and the check
 * of the producer declaration.
 */
class SpscRingBufferTests extends MpscRingBufferTests {

    @Override
    Arity arity() {
        return Arity.SPSC;
    }

    @Test
    void aSecondProducerOfferingWhileTheFirstIsInsideAnOfferIsReportedWithAssertionsOn() {
        CountDownLatch insideOffer = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RingBuffer<Integer> buffer = arity().declare(RingBuffer.<Integer>builder("declared")).capacity(4)
                .policy(OverflowPolicy.DROP_NEWEST).watermarks(0.5, 0.25)
                .watermarkListener(new RingBuffer.WatermarkListener() {
                    @Override
                    public void onHighWatermark(RingBuffer<?> source, int size) {
                        // Called from inside the offer that crossed the high watermark: hold that offer there.
                        insideOffer.countDown();
                        awaitOrFail(release);
                    }
                }).build();
        buffer.offer(0);
        CompletableFuture<RingBuffer.OfferOutcome> first = CompletableFuture.supplyAsync(() -> buffer.offer(1));
        awaitOrFail(insideOffer);
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> buffer.offer(2))
                .withMessageContaining("Ring buffer 'declared' was declared singleProducer()")
                .withMessageContaining("'" + Thread.currentThread().getName() + "'");
        release.countDown();
        assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(RingBuffer.OfferOutcome.ACCEPTED);
        assertThat(buffer.poll()).isEqualTo(0);
        assertThat(buffer.poll()).isEqualTo(1);
        assertThat(buffer.poll()).isNull();
    }
}
