package io.memguard.quota;

/**
 * A token-bucket rate: bytes per second sustained, with bursts up to {@code burstBytes}.
 *
 * @param bytesPerSecond the sustained rate, positive
 * @param burstBytes     the largest amount that can be acquired at once after a quiet period, positive
 * @since 0.1.0
 */
public record RateLimit(long bytesPerSecond, long burstBytes) {

    public RateLimit {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, was " + bytesPerSecond);
        }
        if (burstBytes <= 0) {
            throw new IllegalArgumentException("burstBytes must be positive, was " + burstBytes
                    + "; use at least the largest single allocation you expect");
        }
    }
}
