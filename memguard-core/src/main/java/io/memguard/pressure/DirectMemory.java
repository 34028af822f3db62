package io.memguard.pressure;

/**
 * Direct (off-heap NIO) buffer memory, from the {@code direct} buffer pool.
 *
 * @param usedBytes   memory the JVM uses for direct buffers
 * @param bufferCount direct buffers alive
 * @param limitBytes  {@code -XX:MaxDirectMemorySize}, or the JVM default (the maximum heap size) when not set
 * @since 0.1.0
 */
public record DirectMemory(long usedBytes, long bufferCount, long limitBytes) {
}
