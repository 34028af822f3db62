package io.memguard.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.memguard.buffer.BufferPool;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Acquire + release of one buffer, as a request handler does: memguard's {@link BufferPool} ({@code memguard*})
 * against allocating a fresh {@link ByteBuffer} ({@code allocate*}) and against Netty 4.2's two pooling
 * allocators, {@link PooledByteBufAllocator} ({@code netty*}) and {@link AdaptiveByteBufAllocator}, Netty 4.2's
 * default ({@code nettyAdaptive*}), heap and direct, at 1 and 2 threads sharing one pool.
 *
 * <p>Each side writes one byte, so that every variant touches its buffer. Each pool runs with its defaults, as a
 * user would get them (memguard: leak detection sampled 1 in 128; Netty: its default leak detection level),
 * except that both Netty allocators are told to use their thread caches for all threads, not only Netty's own
 * {@code FastThreadLocalThread}s, so that every pool has thread caches on JMH's threads. What each pool still
 * holds after a burst is measured apart, by {@link BufferPoolFootprint}.
 *
 * <p>Run: {@code java -jar memguard-benchmarks/target/benchmarks.jar BufferPoolBenchmark -prof gc}
 *
 * @since 0.1.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
public class BufferPoolBenchmark {

    @Param({ "1024", "16384", "262144" })
    int size;

    private BufferPool heapPool;

    private BufferPool directPool;

    private PooledByteBufAllocator netty;

    private AdaptiveByteBufAllocator nettyAdaptive;

    @Setup
    public void setUp() {
        heapPool = BufferPool.builder().build();
        directPool = BufferPool.builder().direct(true).build();
        netty = new PooledByteBufAllocator(true, PooledByteBufAllocator.defaultNumHeapArena(),
                PooledByteBufAllocator.defaultNumDirectArena(), PooledByteBufAllocator.defaultPageSize(),
                PooledByteBufAllocator.defaultMaxOrder(), PooledByteBufAllocator.defaultSmallCacheSize(),
                PooledByteBufAllocator.defaultNormalCacheSize(), true);
        nettyAdaptive = new AdaptiveByteBufAllocator(true, true);
    }

    @TearDown
    public void tearDown() {
        heapPool.close();
        directPool.close();
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer memguardHeap1t() {
        return memguard(heapPool);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer memguardHeap2t() {
        return memguard(heapPool);
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer memguardDirect1t() {
        return memguard(directPool);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer memguardDirect2t() {
        return memguard(directPool);
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer allocateHeap1t() {
        return ByteBuffer.allocate(size).put(0, (byte) 1);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer allocateHeap2t() {
        return ByteBuffer.allocate(size).put(0, (byte) 1);
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer allocateDirect1t() {
        return ByteBuffer.allocateDirect(size).put(0, (byte) 1);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer allocateDirect2t() {
        return ByteBuffer.allocateDirect(size).put(0, (byte) 1);
    }

    @Benchmark
    @Threads(1)
    public ByteBuf nettyHeap1t() {
        return netty(netty.heapBuffer(size));
    }

    @Benchmark
    @Threads(2)
    public ByteBuf nettyHeap2t() {
        return netty(netty.heapBuffer(size));
    }

    @Benchmark
    @Threads(1)
    public ByteBuf nettyDirect1t() {
        return netty(netty.directBuffer(size));
    }

    @Benchmark
    @Threads(2)
    public ByteBuf nettyDirect2t() {
        return netty(netty.directBuffer(size));
    }

    @Benchmark
    @Threads(1)
    public ByteBuf nettyAdaptiveHeap1t() {
        return netty(nettyAdaptive.heapBuffer(size));
    }

    @Benchmark
    @Threads(2)
    public ByteBuf nettyAdaptiveHeap2t() {
        return netty(nettyAdaptive.heapBuffer(size));
    }

    @Benchmark
    @Threads(1)
    public ByteBuf nettyAdaptiveDirect1t() {
        return netty(nettyAdaptive.directBuffer(size));
    }

    @Benchmark
    @Threads(2)
    public ByteBuf nettyAdaptiveDirect2t() {
        return netty(nettyAdaptive.directBuffer(size));
    }

    private ByteBuffer memguard(BufferPool pool) {
        ByteBuffer buffer = pool.acquire(size);
        buffer.put(0, (byte) 1);
        pool.release(buffer);
        return buffer;
    }

    private static ByteBuf netty(ByteBuf buffer) {
        buffer.setByte(0, 1);
        buffer.release();
        return buffer;
    }
}
