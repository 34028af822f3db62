package io.memguard.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import stormpot.Allocator;
import stormpot.BasePoolable;
import stormpot.Pool;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * {@link ObjectPoolBenchmark}'s borrow + return with a reset, on Stormpot 4's {@link Pool} ({@code stormpot*}):
 * claims served from a thread-local slot first, the fastest Java object pool we know of, with its defaults. Stormpot
 * has no reset hook, so the poolable resets itself on release, where a user would put it.
 *
 * <p>Stormpot 4 is built for Java 21: this class is compiled only when the module is built on JDK 21 or later (see
 * the {@code jdk21} profile of this module's POM). Run it beside memguard's with
 * {@code java -jar memguard-benchmarks/target/benchmarks.jar ObjectPool -prof gc}.
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
public class ObjectPoolStormpotBenchmark {

    private static final Timeout CLAIM_TIMEOUT = new Timeout(10, TimeUnit.SECONDS);

    /** {@link ObjectPoolBenchmark}'s per-request state as a Stormpot poolable, which resets itself on release. */
    static final class RequestState extends BasePoolable {

        long requests;

        RequestState(Slot slot) {
            super(slot);
        }

        @Override
        public void release() {
            requests = 0;
            super.release();
        }
    }

    private Pool<RequestState> stormpot;

    @Setup
    public void setUp() {
        stormpot = Pool.from(new Allocator<RequestState>() {

            @Override
            public RequestState allocate(Slot slot) {
                return new RequestState(slot);
            }

            @Override
            public void deallocate(RequestState state) {
            }
        }).build();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        stormpot.shutdown().await(CLAIM_TIMEOUT);
    }

    @Benchmark
    @Threads(1)
    public RequestState stormpot1t() throws InterruptedException {
        return stormpot();
    }

    @Benchmark
    @Threads(2)
    public RequestState stormpot2t() throws InterruptedException {
        return stormpot();
    }

    private RequestState stormpot() throws InterruptedException {
        RequestState state = stormpot.claim(CLAIM_TIMEOUT);
        state.requests++;
        state.release();
        return state;
    }
}
