package io.memguard.benchmarks;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.PressureSettings;

/**
 * What reading the pressure level costs on a hot path: {@link MemoryPressureMonitor#level()} of a running monitor
 * (polling every 100 ms on its own thread while this runs) against a plain volatile field read, the least a
 * thread-safe read can cost. Run with {@code -prof gc}: both should allocate nothing.
 *
 * <p>{@code refresh} is there for scale: the cost of one full observation, paid once per interval by the monitor's
 * thread, never by a request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PressureBenchmark {

    private DefaultMemoryPressureMonitor runningMonitor;

    private MemoryPressureMonitor monitor;

    private volatile MemoryPressureLevel baselineLevel;

    @Setup
    public void setUp() {
        runningMonitor = DefaultMemoryPressureMonitor.builder()
                .settings(PressureSettings.builder().interval(java.time.Duration.ofMillis(100)).build()).build()
                .start();
        monitor = runningMonitor;
        baselineLevel = monitor.level();
    }

    @TearDown
    public void tearDown() {
        runningMonitor.close();
    }

    @Benchmark
    public MemoryPressureLevel baselineVolatileRead() {
        return baselineLevel;
    }

    @Benchmark
    public MemoryPressureLevel level() {
        return monitor.level();
    }

    @Benchmark
    public boolean levelIsAtLeastHigh() {
        return monitor.level().isAtLeast(MemoryPressureLevel.HIGH);
    }

    @Benchmark
    public Object refresh() {
        return runningMonitor.refresh();
    }
}
