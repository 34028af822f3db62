package io.memguard.spring.actuate;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.DirectMemory;

/**
 * Direct (off-heap NIO) buffer memory.
 *
 * @param usedBytes   bytes held by direct buffers
 * @param bufferCount how many direct buffers exist
 * @param limitBytes  the most direct memory the JVM allows ({@code -XX:MaxDirectMemorySize} or its default)
 * @since 0.1.0
 */
public record DirectDescriptor(long usedBytes, long bufferCount, long limitBytes) {

    static @Nullable DirectDescriptor of(@Nullable DirectMemory direct) {
        if (direct == null) {
            return null;
        }
        return new DirectDescriptor(direct.usedBytes(), direct.bufferCount(), direct.limitBytes());
    }
}
