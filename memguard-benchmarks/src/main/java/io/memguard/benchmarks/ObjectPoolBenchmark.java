package io.memguard.benchmarks;

import java.util.concurrent.TimeUnit;

import io.memguard.pool.ObjectPool;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
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

/**
 * Borrow + return of one object with a reset hook, as a handler does with per-request state: memguard's
 * {@link ObjectPool} ({@code memguard*}) against Apache Commons Pool2's {@link GenericObjectPool}
 * ({@code commonsPool*}), the slow anchor, at 1 and 2 threads sharing one pool, each with its defaults. The fast
 * anchor, Stormpot 4, needs Java 21: it is measured by {@code ObjectPoolStormpotBenchmark}, which is built when the
 * module is built on JDK 21 or later; select both with {@code ObjectPool}.
 *
 * <p>Run: {@code java -jar memguard-benchmarks/target/benchmarks.jar ObjectPoolBenchmark -prof gc}
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
public class ObjectPoolBenchmark {

    /** Per-request state that is reset between borrowers. */
    static final class RequestState {

        long requests;

        void reset() {
            requests = 0;
        }
    }

    private ObjectPool<RequestState> memguard;

    private GenericObjectPool<RequestState> commonsPool;

    @Setup
    public void setUp() {
        memguard = ObjectPool.builder("benchmark", RequestState::new).reset(RequestState::reset).build();
        commonsPool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {

            @Override
            public RequestState create() {
                return new RequestState();
            }

            @Override
            public PooledObject<RequestState> wrap(RequestState state) {
                return new DefaultPooledObject<>(state);
            }

            @Override
            public void passivateObject(PooledObject<RequestState> pooled) {
                pooled.getObject().reset();
            }
        });
    }

    @TearDown
    public void tearDown() {
        memguard.close();
        commonsPool.close();
    }

    @Benchmark
    @Threads(1)
    public RequestState memguard1t() {
        return memguard();
    }

    @Benchmark
    @Threads(2)
    public RequestState memguard2t() {
        return memguard();
    }

    @Benchmark
    @Threads(1)
    public RequestState commonsPool1t() throws Exception {
        return commonsPool();
    }

    @Benchmark
    @Threads(2)
    public RequestState commonsPool2t() throws Exception {
        return commonsPool();
    }

    private RequestState memguard() {
        RequestState state = memguard.borrow();
        state.requests++;
        memguard.release(state);
        return state;
    }

    private RequestState commonsPool() throws Exception {
        RequestState state = commonsPool.borrowObject();
        state.requests++;
        commonsPool.returnObject(state);
        return state;
    }
}
