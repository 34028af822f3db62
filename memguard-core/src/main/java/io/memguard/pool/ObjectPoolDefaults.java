package io.memguard.pool;

import java.time.Duration;

import io.memguard.internal.Arguments;

/**
 * The settings an {@link ObjectPoolRegistry} gives the pools it builds, unless a pool's builder overrides them.
 *
 * @param maxSize            the most objects per pool, from 1 to {@link ObjectPoolBuilder#MAX_MAX_SIZE}
 * @param borrowTimeout      the longest a borrow waits when the pool is exhausted; zero or more
 * @param abandonedTimeout   how long an object may stay borrowed before it is reported abandoned; zero turns
 *                           detection off
 * @param captureBorrowStack whether each borrow records its stack, so that abandoned objects say where they were
 *                           borrowed (costly: for hunting a leak)
 * @param highPressureTrim   the share of idle objects destroyed on entering HIGH pressure, in (0..1]
 * @since 0.1.0
 */
public record ObjectPoolDefaults(int maxSize, Duration borrowTimeout, Duration abandonedTimeout,
        boolean captureBorrowStack, double highPressureTrim) {

    /** The defaults of a pool built without a registry. */
    public static final ObjectPoolDefaults STANDARD = new ObjectPoolDefaults(64, Duration.ofSeconds(1),
            Duration.ofMinutes(5), false, 0.5);

    public ObjectPoolDefaults {
        ObjectPoolBuilder.checkMaxSize(maxSize);
        Arguments.notNegative(borrowTimeout, "borrowTimeout");
        Arguments.notNegative(abandonedTimeout, "abandonedTimeout");
        Arguments.fraction(highPressureTrim, "highPressureTrim");
    }
}
