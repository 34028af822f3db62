package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class GlobalCountersTests {

    @Test
    void usageIsAllocatedMinusReleased() {
        GlobalCounters counters = new GlobalCounters();

        assertThat(counters.allocate(100)).isEqualTo(100);
        assertThat(counters.allocate(50)).isEqualTo(150);
        counters.release(30);

        assertThat(counters.used()).isEqualTo(120);
        assertThat(counters.allocatedTotal()).isEqualTo(150);
        assertThat(counters.releasedTotal()).isEqualTo(30);
    }

    @Test
    void anAllocationsReadingIsHighByTheBytesReleasedSinceTheLastRefreshNeverLow() {
        GlobalCounters counters = new GlobalCounters();
        counters.allocate(100);
        counters.release(100);

        assertThat(counters.allocate(10)).as("the 100 released bytes are not subtracted yet").isEqualTo(110);
        assertThat(counters.used()).isEqualTo(10);

        assertThat(counters.tryRefreshReleasedSeen(5)).as("exact, but above the ceiling").isEqualTo(10);
        assertThat(counters.allocate(1)).as("not remembered above the ceiling").isEqualTo(111);

        assertThat(counters.tryRefreshReleasedSeen(1_000)).isEqualTo(11);
        assertThat(counters.allocate(1)).as("remembered at or below the ceiling").isEqualTo(12);
        assertThat(counters.allocatedTotal()).isEqualTo(112);
        assertThat(counters.releasedTotal()).isEqualTo(100);
    }

    @Test
    void aReaderDescheduledBetweenItsReadsDoesNotCountWhatOthersAllocatedMeanwhile() throws Exception {
        // Three threads allocate and release 100 bytes in a loop, so usage is at most 300 at any instant. A reading
        // may be high by what is allocated while it reads; a reader descheduled between its reads of released and
        // allocated (more threads than cores make that common) once read thousands of bytes: an allocation far
        // below the limits was refused (QuotaAccountingStressTests, under load).
        GlobalCounters counters = new GlobalCounters();
        int allocators = 3;
        long bound = 20 * 100;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(allocators);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < allocators; t++) {
                running.add(threads.submit(() -> {
                    while (!done.get()) {
                        counters.allocate(100);
                        counters.release(100);
                    }
                }));
            }
            long highReadings = 0;
            long highest = 0;
            for (int read = 0; read < 5_000_000; read++) {
                long used = (read % 2 == 0) ? counters.used() : counters.tryRefreshReleasedSeen(Long.MAX_VALUE);
                if (used > bound) {
                    highReadings++;
                    highest = Math.max(highest, used);
                }
            }
            done.set(true);
            for (Future<?> allocator : running) {
                allocator.get(30, TimeUnit.SECONDS);
            }
            assertThat(highReadings).as("readings above %d bytes (highest %d)", bound, highest).isZero();
            assertThat(counters.used()).isZero();
        }
        finally {
            done.set(true);
            threads.shutdownNow();
        }
    }
}
