package io.memguard.sample.demo;

/**
 * How much ballast is held.
 *
 * @param heldMebibytes the MiB added and not released
 * @param heldBytes     the bytes those MiB hold (64 bytes short of a MiB each, see {@link Ballast})
 * @since 0.1.0
 */
public record BallastStatus(int heldMebibytes, long heldBytes) {
}
