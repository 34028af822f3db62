package io.memguard.pressure;

/**
 * Host memory as the operating system reports it: {@code /proc/meminfo} on Linux, OSHI elsewhere.
 *
 * @param totalBytes     physical memory of the host
 * @param availableBytes memory available to new work without swapping (Linux {@code MemAvailable})
 * @param swapUsedBytes  swap in use
 * @param swapTotalBytes swap configured, {@code 0} where there is none
 * @since 0.1.0
 */
public record SystemMemory(long totalBytes, long availableBytes, long swapUsedBytes, long swapTotalBytes) {
}
