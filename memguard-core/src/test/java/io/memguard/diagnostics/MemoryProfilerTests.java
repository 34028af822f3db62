package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;

import io.memguard.testing.TestClock;
import org.junit.jupiter.api.Test;

class MemoryProfilerTests {

    private static volatile Object sink;

    private static long counter;

    private final TestClock clock = new TestClock();

    private final MemoryProfiler profiler = MemoryProfiler.ofThisJvm(clock, clock.ticker());

    @Test
    void measuresTheBytesAnOperationAllocates() {
        MemoryProfiler.AllocationProfile profile = profiler.allocations(1_000, 10_000, () -> sink = new byte[1000]);

        assertThat(profile.operations()).isEqualTo(10_000);
        // 1000 bytes of data and a 16-byte array header.
        assertThat(profile.bytesPerOperation()).isBetween(1000.0, 1100.0);
        assertThat(profile.allocatedBytes()).isEqualTo((long) (profile.bytesPerOperation() * 10_000));
    }

    @Test
    void measuresNothingForAnOperationThatAllocatesNothing() {
        MemoryProfiler.AllocationProfile profile = profiler.allocations(1_000, 100_000, () -> counter++);

        assertThat(profile.bytesPerOperation()).isLessThan(1.0);
    }

    @Test
    void estimatesTheBytesEachInstanceRetains() {
        MemoryProfiler.RetentionProfile profile = profiler.retained(20_000, () -> new byte[1024]);

        assertThat(profile.instances()).isEqualTo(20_000);
        // 1024 bytes of data and a 16-byte array header: 1040, within 5%.
        assertThat(profile.bytesPerInstance()).isBetween(1040 * 0.95, 1040 * 1.05);
    }

    @Test
    void aSessionReportsWhatItsThreadAllocated() {
        ProfilingSession session = profiler.start("ten megabytes");
        for (int i = 0; i < 10; i++) {
            sink = new byte[1024 * 1024];
        }
        clock.advance(Duration.ofSeconds(3));

        ProfilingSession.Snapshot running = session.snapshot();
        ProfilingSession.Snapshot stopped = session.stop();

        assertThat(running.name()).isEqualTo("ten megabytes");
        assertThat(running.stopped()).isFalse();
        assertThat(running.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(running.threadAllocatedBytes()).isBetween(10L * 1024 * 1024, 11L * 1024 * 1024);
        assertThat(running.allThreadsAllocatedBytes()).isGreaterThanOrEqualTo(running.threadAllocatedBytes());
        assertThat(running.collections()).isNotNegative();
        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.threadAllocatedBytes()).isGreaterThanOrEqualTo(running.threadAllocatedBytes());
        assertThat(session.isStopped()).isTrue();
        assertThat(session.snapshot()).as("the final snapshot, once stopped").isSameAs(stopped);
    }

    @Test
    void aSessionCountsWhatOtherThreadsAllocate() throws InterruptedException {
        ProfilingSession session = profiler.start("worker");
        java.util.concurrent.CountDownLatch allocated = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                sink = new byte[1024 * 1024];
            }
            allocated.countDown();
            try {
                measured.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        allocated.await();

        ProfilingSession.Snapshot snapshot = session.snapshot();
        measured.countDown();
        worker.join();

        assertThat(snapshot.allThreadsAllocatedBytes()).isGreaterThanOrEqualTo(20L * 1024 * 1024);
        assertThat(snapshot.threadAllocatedBytes()).isLessThan(1024 * 1024);
    }

    @Test
    void aSessionStopsOnce() {
        ProfilingSession session = profiler.start("once");
        session.stop();

        assertThatIllegalStateException().isThrownBy(session::stop)
                .withMessage("Profiling session 'once' was already stopped");
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> profiler.allocations(-1, 1, () -> { }))
                .withMessage("warmUp must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> profiler.allocations(0, 0, () -> { }))
                .withMessage("operations must be at least 1, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> profiler.retained(0, Object::new))
                .withMessage("instances must be at least 1, was 0");
    }
}
