package io.memguard.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BufferPoolFirstAcquisitionTests {

    @Test
    void aBufferPoolRunsItsFirstAcquisitionActionsOnTheFirstAcquire() {
        try (BufferPool pool = BufferPool.builder().build()) {
            AtomicInteger runs = new AtomicInteger();
            pool.whenFirstAcquired(runs::incrementAndGet);
            pool.trim(1.0);
            pool.snapshot();
            assertThat(runs).as("neither trimming nor reading stats is a use").hasValue(0);
            pool.release(pool.acquire(100));
            pool.release(pool.acquire(100));
            assertThat(runs).hasValue(1);
        }
    }
}
