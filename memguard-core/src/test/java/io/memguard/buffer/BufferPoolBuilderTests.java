package io.memguard.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.buffer.BufferPool.LeakDetection;
import io.memguard.pressure.MemoryPressureLevel;

class BufferPoolBuilderTests {

    @Test
    void defaultsAreTheDocumentedOnes() {
        try (BufferPool pool = BufferPool.builder().build()) {
            BufferPoolSnapshot stats = pool.snapshot();
            assertThat(stats.buckets()).extracting(BufferPoolSnapshot.Bucket::size)
                    .containsExactly(1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576);
            assertThat(stats.direct()).isFalse();
            assertThat(stats.maxPerBucket()).isEqualTo(256);
            assertThat(stats.maxRetainedBytes()).isEqualTo(64L << 20);
            assertThat(stats.leakDetection()).isEqualTo(LeakDetection.SAMPLED);
            assertThat(stats.samplingInterval()).isEqualTo(128);
            assertThat(stats.level()).isEqualTo(MemoryPressureLevel.NONE);
            assertThat(stats.retentionPaused()).isFalse();
        }
    }

    @Test
    void defaultBucketsRoundARequestUpByLessThanTwice() {
        // What a pool holds is its buffers' capacities: the rounding of a request is memory held for nothing.
        try (BufferPool pool = BufferPool.builder().build()) {
            for (int size = 1025; size <= 1 << 20; size += 977) {
                ByteBuffer buffer = pool.acquire(size);
                assertThat(buffer.capacity()).as("capacity for a request of %d bytes", size)
                        .isGreaterThanOrEqualTo(size).isLessThan(2 * size);
                pool.release(buffer);
            }
        }
    }

    @Test
    void sortsTheBucketsGivenInAnyOrder() {
        try (BufferPool pool = BufferPool.builder().buckets(4 << 20, 512, 8192).build()) {
            assertThat(pool.snapshot().buckets()).extracting(BufferPoolSnapshot.Bucket::size)
                    .containsExactly(512, 8192, 4 << 20);
            assertThat(pool.acquire(600).capacity()).isEqualTo(8192);
        }
    }

    @Test
    void rejectsBadBucketsNamingTheArgumentAndKeepsThePreviousOnes() {
        BufferPool.Builder builder = BufferPool.builder().buckets(100, 200);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.buckets(List.of()))
                .withMessage("sizes must hold at least one bucket size");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.buckets(0, 10))
                .withMessage("sizes must each be from 1 to 2147483639 bytes, were [0, 10]");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.buckets(10, 20, 10))
                .withMessage("sizes must be distinct, 10 appears twice in [10, 20, 10]");
        assertThatNullPointerException().isThrownBy(() -> builder.buckets(Arrays.asList(1, null)))
                .withMessage("sizes must not contain null");
        try (BufferPool pool = builder.build()) {
            assertThat(pool.snapshot().buckets()).extracting(BufferPoolSnapshot.Bucket::size).containsExactly(100, 200);
        }
    }

    @Test
    void rejectsBoundsOutOfRangeNamingTheArgument() {
        BufferPool.Builder builder = BufferPool.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPerBucket(-1))
                .withMessage("maxPerBucket must be from 0 to 65536, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPerBucket(65537))
                .withMessage("maxPerBucket must be from 0 to 65536, was 65537");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxRetainedBytes(-1))
                .withMessage("maxRetainedBytes must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.threadCacheSize(1025))
                .withMessage("threadCacheSize must be from 0 to 1024, was 1025");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.samplingInterval(0))
                .withMessage("samplingInterval must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.highPressureTrim(0))
                .withMessage("fraction must be in (0..1], was 0.0");
        assertThatNullPointerException().isThrownBy(() -> builder.leakDetection(null)).withMessage("leakDetection");
        assertThatNullPointerException().isThrownBy(() -> builder.leakListener(null)).withMessage("listener");
    }

    @Test
    void rejectsAdaptiveFactorsThatGrowWithPressureOrLeaveZeroToOne() {
        BufferPool.Builder builder = BufferPool.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.adaptiveFactors(1.2, 0.5, 0.4, 0.3))
                .withMessage("low must be in (0..1.0]: factors never grow as pressure rises, was 1.2");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.adaptiveFactors(0.8, 0.9, 0.4, 0.3))
                .withMessage("moderate must be in (0..0.8]: factors never grow as pressure rises, was 0.9");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.adaptiveFactors(0.8, 0.5, 0.4, 0.0))
                .withMessage("critical must be in (0..0.4]: factors never grow as pressure rises, was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.adaptiveFactors(0.8, 0.5, Double.NaN, 0.1))
                .withMessageStartingWith("high must be in (0..0.5]");
    }

    @Test
    void threadCachesCanBeTurnedOff() throws Exception {
        try (BufferPool pool = BufferPool.builder().threadCacheSize(0).build()) {
            pool.release(pool.acquire(10));
            assertThat(pool.snapshot().threadCaches()).isZero();
            assertThat(pool.snapshot().bucket(1024).retained()).isEqualTo(1);
        }
    }
}
