package io.memguard.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.Test;

import io.memguard.buffer.BufferPool.BufferLeak;

class OnFirstUseBufferPoolTests {


    private static boolean isMade(BufferPool pool) {
        return ((OnFirstUseBufferPool) pool).isMade();
    }

    @Test
    void nothingIsMadeUntilTheFirstUseAndWhatWaitedReachesThePool() {
        BufferPool pool = BufferPool.builder().buckets(1024).buildOnFirstUse();
        AtomicInteger firstAcquired = new AtomicInteger();
        Consumer<BufferLeak> removed = (leak) -> {
        };
        pool.whenFirstAcquired(firstAcquired::incrementAndGet);
        pool.addLeakListener((leak) -> {
        });
        pool.addLeakListener(removed);
        pool.removeLeakListener(removed);
        pool.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH);
        pool.trim(0.5);

        assertThat(isMade(pool)).as("listeners, waiting actions, pressure and trims make nothing").isFalse();
        assertThat(firstAcquired).hasValue(0);

        ByteBuffer buffer = pool.acquire(1000);
        assertThat(isMade(pool)).isTrue();
        assertThat(firstAcquired).as("the action waiting for the first acquisition runs once, then").hasValue(1);
        pool.release(buffer);
        assertThat(pool.snapshot().bucket(1024).acquired()).isEqualTo(1);
        assertThat(pool.snapshot().level()).as("the pressure heard before the first use")
                .isEqualTo(MemoryPressureLevel.HIGH);
    }

    @Test
    void criticalHeardBeforeTheFirstUseActsAsOnAPoolBuiltAtOnce() {
        BufferPool lazy = BufferPool.builder().buckets(1024).buildOnFirstUse();
        BufferPool built = BufferPool.builder().buckets(1024).build();
        for (BufferPool pool : List.of(lazy, built)) {
            pool.onPressureLevel(MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL);
            pool.release(pool.acquire(1024));
        }
        assertThat(lazy.snapshot()).isEqualTo(built.snapshot());
        assertThat(lazy.snapshot().retentionPaused()).isTrue();
        assertThat(lazy.snapshot().retainedBytes()).isZero();
    }

    @Test
    void aPoolClosedBeforeItsFirstUseIsClosedWhenMade() {
        BufferPool pool = BufferPool.builder().buckets(1024).buildOnFirstUse();
        pool.close();
        assertThat(isMade(pool)).isFalse();

        pool.release(pool.acquire(1024));

        assertThat(pool.snapshot().retentionPaused()).isTrue();
        assertThat(pool.snapshot().retainedBytes()).isZero();
    }

    @Test
    void takesTheBuildersSettingsWhenBuiltAndChecksArgumentsBeforeMakingAnything() {
        BufferPool.Builder builder = BufferPool.builder().buckets(1024).maxPerBucket(4);
        BufferPool pool = builder.buildOnFirstUse();
        builder.maxPerBucket(8).buckets(2048);

        assertThatIllegalArgumentException().isThrownBy(() -> pool.trim(1.5)).withMessageContaining("fraction");
        assertThatNullPointerException().isThrownBy(() -> pool.addLeakListener(null)).withMessage("listener");
        assertThatNullPointerException().isThrownBy(() -> pool.whenFirstAcquired(null)).withMessage("action");
        assertThat(isMade(pool)).isFalse();
        assertThat(pool.snapshot().maxPerBucket()).isEqualTo(4);
        assertThat(pool.snapshot().buckets()).extracting(BufferPoolSnapshot.Bucket::size).containsExactly(1024);
    }

    @Test
    void threadsThatUseItFirstTogetherShareOnePool() throws Exception {
        int threads = 8;
        AtomicInteger made = new AtomicInteger();
        BufferPool pool = new OnFirstUseBufferPool(() -> {
            made.incrementAndGet();
            return BufferPool.builder().buckets(1024).build();
        });
        AtomicInteger firstAcquired = new AtomicInteger();
        pool.whenFirstAcquired(firstAcquired::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(executor.submit(() -> {
                    start.await();
                    for (int j = 0; j < 100; j++) {
                        pool.release(pool.acquire(1024));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(1, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(made).as("pools made").hasValue(1);
        assertThat(firstAcquired).hasValue(1);
        assertThat(pool.snapshot().bucket(1024).acquired()).isEqualTo(threads * 100L);
        assertThat(pool.snapshot().inUse()).isZero();
    }
}
