package io.memguard.spring.actuate;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.SystemMemory;

/**
 * The memory of the host, as the operating system reports it. In a container this is the host's memory, not the
 * container's: see the {@code container} section for that.
 *
 * @param totalBytes     physical memory of the host
 * @param availableBytes memory available to new work without swapping
 * @param swapUsedBytes  swap in use
 * @param swapTotalBytes swap configured
 * @since 0.1.0
 */
public record SystemDescriptor(long totalBytes, long availableBytes, long swapUsedBytes, long swapTotalBytes) {

    static @Nullable SystemDescriptor of(@Nullable SystemMemory system) {
        if (system == null) {
            return null;
        }
        return new SystemDescriptor(system.totalBytes(), system.availableBytes(), system.swapUsedBytes(),
                system.swapTotalBytes());
    }
}
