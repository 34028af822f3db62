package io.memguard.diagnostics;

/**
 * What a piece of code allocated, measured by the allocation counter of the thread that ran it.
 *
 * @param operations         how many times the code ran (after warm-up)
 * @param allocatedBytes     bytes allocated over all those runs
 * @param bytesPerOperation  bytes allocated per run
 * @since 0.1.0
 */
public record AllocationProfile(long operations, long allocatedBytes, double bytesPerOperation) {
}
