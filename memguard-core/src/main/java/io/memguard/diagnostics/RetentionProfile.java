package io.memguard.diagnostics;

/**
 * How much heap instances made by a factory keep alive, measured as the growth of the heap after a full
 * collection while they are all held.
 *
 * @param instances        how many instances were made and held
 * @param retainedBytes    the growth of the heap after collection
 * @param bytesPerInstance the growth per instance
 * @since 0.1.0
 */
public record RetentionProfile(int instances, long retainedBytes, double bytesPerInstance) {
}
