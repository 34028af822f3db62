package io.memguard.pressure;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.DirectMemory;

/**
 * Reads {@code direct}: the JVM's {@code direct} buffer pool over {@code -XX:MaxDirectMemorySize}, or over the JVM's
 * default limit, which is the maximum heap size, when the flag is 0 (unset).
 */
final class JvmDirectMemoryProbe implements MemoryProbe<DirectMemory> {

    private final @Nullable BufferPoolMXBean directPool;

    private final long limit;

    JvmDirectMemoryProbe() {
        this(ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> "direct".equals(pool.getName())).findFirst().orElse(null),
                limitOf(VmOptions.value("MaxDirectMemorySize"), Runtime.getRuntime().maxMemory()));
    }

    JvmDirectMemoryProbe(@Nullable BufferPoolMXBean directPool, long limit) {
        this.directPool = directPool;
        this.limit = limit;
    }

    static long limitOf(@Nullable String maxDirectMemorySizeFlag, long maxHeap) {
        long flag = 0;
        if (maxDirectMemorySizeFlag != null) {
            try {
                flag = Long.parseLong(maxDirectMemorySizeFlag.trim());
            }
            catch (NumberFormatException ex) {
                flag = 0;
            }
        }
        if (flag > 0) {
            return flag;
        }
        return (maxHeap == Long.MAX_VALUE) ? -1 : maxHeap;
    }

    @Override
    public Optional<DirectMemory> read() {
        if (directPool == null) {
            return Optional.empty();
        }
        return Optional.of(new DirectMemory(directPool.getMemoryUsed(), directPool.getCount(), limit));
    }

    @Override
    public String toString() {
        return "direct";
    }
}
