package io.memguard.benchmarks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.memguard.buffer.BufferPool;
import io.memguard.pressure.MemoryPressureLevel;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * What a buffer pool still holds after a burst: {@link #THREADS} threads acquire {@code N} buffers of mixed sizes
 * between them, all held at once, then release them all; the bytes the pool still holds are read from the pool's
 * own accounting (memguard's {@link BufferPool#snapshot()}, Netty's {@link ByteBufAllocatorMetric}) and from a neutral
 * measure (the heap used after a full collection for heap pools, the JDK's {@code direct}
 * {@link BufferPoolMXBean} for direct pools), both as growth over the same measure taken before the burst. Then
 * the same after each pool's way of giving memory back: memguard a CRITICAL pressure change, Netty's pooled
 * allocator {@link PooledByteBufAllocator#trimCurrentThreadCache()} on every burst thread; Netty's adaptive
 * allocator has no such call. The burst threads stay alive until the end, as a server's workers do.
 *
 * <p>Each pool and kind runs in a JVM of its own (started by this class with the same JVM options), so that no
 * pool's memory or class loading is counted against another:
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx1g -cp memguard-benchmarks/target/benchmarks.jar io.memguard.benchmarks.BufferPoolFootprint [N]
 * </pre>
 *
 * @since 0.1.0
 */
public final class BufferPoolFootprint {

    /** Threads sharing the burst, each holding its share of the buffers at the same time. */
    static final int THREADS = 4;

    /** The request sizes, taken in turn: small ones most often, up to 256 KiB, most of them not a power of two. */
    private static final int[] SIZES = { 300, 1000, 1024, 2500, 4096, 6000, 8192, 16384, 16384, 16384, 20000, 40000,
            65536, 100000, 262144 };

    private static final int DEFAULT_BURST = 1024;

    private static final String[] POOLS = { "memguard", "nettyPooled", "nettyAdaptive" };

    private BufferPoolFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_BURST;
        if (args.length > 2) {
            measure(args[1], Boolean.parseBoolean(args[2]), burst);
            return;
        }
        long requested = 0;
        for (int i = 0; i < burst; i++) {
            requested += SIZES[i % SIZES.length];
        }
        System.out.printf(Locale.ROOT, "Burst of %d buffers over %d threads, %s requested in all; JDK %s, %d cores%n",
                burst, THREADS, kib(requested), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-14s %-6s | %-24s | %-24s | %s%n", "pool", "kind", "after burst: own / neutral",
                "after give-back: own / neutral", "give-back");
        for (boolean direct : new boolean[] { false, true }) {
            for (String pool : POOLS) {
                runInOwnJvm(pool, direct, burst);
            }
        }
    }

    private static void runInOwnJvm(String pool, boolean direct, int burst) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BufferPoolFootprint.class.getName());
        command.add(Integer.toString(burst));
        command.add(pool);
        command.add(Boolean.toString(direct));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(pool + (direct ? " direct" : " heap") + " exited with "
                    + process.exitValue());
        }
    }

    private static void measure(String name, boolean direct, int burst) throws Exception {
        Subject pool = Subject.of(name, direct);
        long neutralBefore = neutral(direct);
        long ownBefore = pool.own(direct);
        Workers workers = new Workers();
        CyclicBarrier allHeld = new CyclicBarrier(THREADS);
        workers.runOnEach(thread -> {
            List<Object> held = new ArrayList<>();
            for (int i = thread; i < burst; i += THREADS) {
                held.add(pool.acquire(SIZES[i % SIZES.length]));
            }
            allHeld.await();
            for (Object buffer : held) {
                pool.release(buffer);
            }
        });
        long ownAfterBurst = pool.own(direct) - ownBefore;
        long neutralAfterBurst = neutral(direct) - neutralBefore;
        String giveBack = pool.giveBack(workers);
        long ownAfterGiveBack = pool.own(direct) - ownBefore;
        long neutralAfterGiveBack = neutral(direct) - neutralBefore;
        System.out.printf(Locale.ROOT, "%-14s %-6s | %11s / %10s | %11s / %10s | %s%n", name,
                direct ? "direct" : "heap", kib(ownAfterBurst), kib(neutralAfterBurst), kib(ownAfterGiveBack),
                kib(neutralAfterGiveBack), giveBack);
        if (direct && ownAfterBurst > 0 && neutralAfterBurst <= 0) {
            // Netty on recent JDKs allocates its direct memory outside ByteBuffer.allocateDirect.
            System.out.printf(Locale.ROOT, "%-21s | the JDK's direct count did not see this pool's direct memory:"
                    + " the neutral figures of this row do not measure it%n", "");
        }
        workers.stop();
        Reference.reachabilityFence(pool);
    }

    /** Heap used after a full collection, or the JDK's direct buffer memory, in bytes. */
    private static long neutral(boolean direct) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, direct ? directMemoryUsed()
                    : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static long directMemoryUsed() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("No 'direct' BufferPoolMXBean in this JVM");
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f KiB", bytes / 1024.0);
    }

    /** One pool under test, behind the three calls the burst needs. */
    private interface Subject {

        Object acquire(int size);

        void release(Object buffer);

        /** The bytes the pool's own accounting says it holds, of the given kind. */
        long own(boolean direct);

        /** Asks the pool to give memory back, the pool's own way; says what was done. */
        String giveBack(Workers workers) throws InterruptedException;

        static Subject of(String name, boolean direct) {
            return switch (name) {
                case "memguard" -> new MemguardSubject(BufferPool.builder().direct(direct).build());
                case "nettyPooled" -> new NettySubject(new PooledByteBufAllocator(true,
                        PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                        PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                        PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                        true), direct);
                case "nettyAdaptive" -> new NettySubject(new AdaptiveByteBufAllocator(true, true), direct);
                default -> throw new IllegalArgumentException("Unknown pool '" + name + "'; one of "
                        + String.join(", ", POOLS));
            };
        }
    }

    private record MemguardSubject(BufferPool pool) implements Subject {

        @Override
        public Object acquire(int size) {
            return pool.acquire(size).put(0, (byte) 1);
        }

        @Override
        public void release(Object buffer) {
            pool.release((ByteBuffer) buffer);
        }

        @Override
        public long own(boolean direct) {
            return pool.snapshot().retainedBytes();
        }

        @Override
        public String giveBack(Workers workers) {
            pool.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);
            return "CRITICAL pressure change";
        }
    }

    private record NettySubject(ByteBufAllocator allocator, boolean direct) implements Subject {

        @Override
        public Object acquire(int size) {
            ByteBuf buffer = direct ? allocator.directBuffer(size) : allocator.heapBuffer(size);
            return buffer.setByte(0, 1);
        }

        @Override
        public void release(Object buffer) {
            ((ByteBuf) buffer).release();
        }

        @Override
        public long own(boolean direct) {
            ByteBufAllocatorMetric metric = allocator instanceof PooledByteBufAllocator pooled ? pooled.metric()
                    : (ByteBufAllocatorMetric) allocator;
            return direct ? metric.usedDirectMemory() : metric.usedHeapMemory();
        }

        @Override
        public String giveBack(Workers workers) throws InterruptedException {
            if (allocator instanceof PooledByteBufAllocator pooled) {
                workers.runOnEach(thread -> pooled.trimCurrentThreadCache());
                return "trimCurrentThreadCache() on each burst thread";
            }
            return "none (no trim call)";
        }
    }

    /** The burst's threads, kept alive between tasks as a server's workers are. */
    private static final class Workers {

        private final List<BlockingQueue<Task>> inboxes = new ArrayList<>();

        private final List<Thread> threads = new ArrayList<>();

        private final BlockingQueue<Throwable> done = new LinkedBlockingQueue<>();

        Workers() {
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                BlockingQueue<Task> inbox = new LinkedBlockingQueue<>();
                inboxes.add(inbox);
                Thread thread = new Thread(() -> serve(index, inbox), "burst-" + i);
                threads.add(thread);
                thread.start();
            }
        }

        private void serve(int index, BlockingQueue<Task> inbox) {
            try {
                for (Task task = inbox.take(); task != STOP; task = inbox.take()) {
                    Throwable failure = NO_FAILURE;
                    try {
                        task.run(index);
                    }
                    catch (Throwable ex) {
                        failure = ex;
                    }
                    done.add(failure);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        /** Runs the task on every worker and waits for all of them. */
        void runOnEach(Task task) throws InterruptedException {
            for (BlockingQueue<Task> inbox : inboxes) {
                inbox.add(task);
            }
            for (int i = 0; i < THREADS; i++) {
                Throwable failure = done.poll(5, TimeUnit.MINUTES);
                if (failure == null) {
                    throw new IllegalStateException("A burst thread did not finish within 5 minutes");
                }
                if (failure != NO_FAILURE) {
                    throw new IllegalStateException("A burst thread failed", failure);
                }
            }
        }

        void stop() throws InterruptedException {
            for (BlockingQueue<Task> inbox : inboxes) {
                inbox.add(STOP);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private static final Throwable NO_FAILURE = new Throwable("none");

        private static final Task STOP = thread -> {
        };
    }

    @FunctionalInterface
    private interface Task {

        void run(int thread) throws Exception;
    }
}
