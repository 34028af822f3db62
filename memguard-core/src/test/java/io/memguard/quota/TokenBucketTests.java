package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import io.memguard.quota.QuotaController.RateLimit;

class TokenBucketTests {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void aFullBucketGivesItsBurstAtOnceThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1_000_000, 64_000), ticker);

        assertThat(bucket.reserve(64_000, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isNegative();
        ticker.advance(Duration.ofMillis(10));
        assertThat(bucket.reserve(10_000, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isNegative();
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1_000, 100), ticker);
        ticker.advance(Duration.ofHours(1));

        assertThat(bucket.reserve(100, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isNegative();
    }

    @Test
    void aReservationAheadReturnsTheWaitAndBooksTheSlot() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1_000, 100), ticker);
        bucket.reserve(100, 0);

        assertThat(bucket.reserve(50, Duration.ofSeconds(1).toNanos())).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(bucket.reserve(50, Duration.ofSeconds(1).toNanos())).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(bucket.reserve(50, Duration.ofMillis(149).toNanos())).as("would need 150 ms").isNegative();
    }

    @Test
    void moreThanTheBurstCanOnlyBeHadByWaiting() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1_000, 100), ticker);

        assertThat(bucket.reserve(300, 0)).isNegative();
        assertThat(bucket.reserve(300, Duration.ofSeconds(1).toNanos())).isEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void aRefundGivesTheTokensBack() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1_000, 100), ticker);
        bucket.reserve(100, 0);

        bucket.refund(40);

        assertThat(bucket.reserve(40, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isNegative();
    }

    @Test
    void concurrentTakersNeverGetMoreThanTheBurstPlusTheRate() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(new RateLimit(1_000_000, 10_000), ticker);
        LongAdder granted = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    if (bucket.reserve(7, 0) == 0) {
                        granted.add(7);
                    }
                    if (i % 1_000 == 0) {
                        ticker.advance(Duration.ofNanos(1_000));
                    }
                }
            }));
        }
        long start = ticker.getAsLong();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsedNanos = ticker.getAsLong() - start;

        long allowed = 10_000 + elapsedNanos / 1_000;
        assertThat(granted.sum()).isPositive().isLessThanOrEqualTo(allowed).isGreaterThan(allowed - 4 * 7);
    }
}
