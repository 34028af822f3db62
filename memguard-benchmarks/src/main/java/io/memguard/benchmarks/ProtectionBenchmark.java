package io.memguard.benchmarks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.AdaptiveConcurrencyLimiter;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LowMemoryMode;

/**
 * The per-request cost of memguard's protective actions when all is calm: asking whether low-memory mode is
 * on, the load shedding filter's calm path (one volatile read of the level, one comparison), and an
 * uncontended acquire and release of the adaptive concurrency limiter, each beside its plain-JDK baseline
 * (a volatile read, a fair {@link Semaphore}). Run with {@code -prof gc} to see that none allocates.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ProtectionBenchmark {

    private final LowMemoryMode lowMemoryMode = LowMemoryMode.builder().build();

    private final LoadShedder shedder = LoadShedder.builder().build();

    private final AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("benchmark").build();

    private final Semaphore semaphore = new Semaphore(64, true);

    /** Stands in for the pressure monitor's level: the filter reads it once per request. */
    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    private volatile boolean flag;

    @Setup
    public void calm() {
        lowMemoryMode.update(MemoryPressureLevel.LOW);
        limiter.update(MemoryPressureLevel.LOW);
    }

    @Benchmark
    public boolean baselineVolatileRead() {
        return flag;
    }

    @Benchmark
    public boolean memguardLowMemoryModeIsActive() {
        return lowMemoryMode.isActive();
    }

    @Benchmark
    public boolean memguardSheddingCalmPath() {
        return shedder.admitsEverything(level);
    }

    @Benchmark
    public boolean baselineFairSemaphoreAcquireRelease() throws InterruptedException {
        boolean acquired = semaphore.tryAcquire(0, TimeUnit.NANOSECONDS);
        semaphore.release();
        return acquired;
    }

    @Benchmark
    public boolean memguardLimiterAcquireRelease() throws InterruptedException {
        boolean acquired = limiter.tryAcquire(Duration.ZERO);
        limiter.release();
        return acquired;
    }
}
