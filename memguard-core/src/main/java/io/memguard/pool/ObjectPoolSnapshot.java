package io.memguard.pool;

import java.util.Objects;

/**
 * The counters of an {@link ObjectPool} at one moment. Counters that several threads update are read without
 * stopping them, so a value may lag the others by the operations in flight.
 *
 * @param name             the pool's name
 * @param maxSize          the most objects the pool holds, lent and idle together
 * @param allocated        objects that exist now, lent and idle
 * @param inUse            objects lent now
 * @param available        idle objects ready to lend now
 * @param created          objects the factory made, ever
 * @param destroyed        objects let go, ever (trimmed, failed reset, retention paused, closed)
 * @param borrowed         borrows served, ever
 * @param reused           borrows served with an existing object rather than a new one
 * @param reuseRatio       {@code reused / borrowed}, in [0..1]; 0 before the first borrow
 * @param timeouts         borrows that gave up waiting
 * @param waiting          borrowers waiting now
 * @param abandoned        borrows reported abandoned, ever
 * @param callbackFailures reset hooks, destroy hooks and listeners that threw
 * @since 0.1.0
 */
public record ObjectPoolSnapshot(String name, int maxSize, int allocated, int inUse, int available, long created,
        long destroyed, long borrowed, long reused, double reuseRatio, long timeouts, int waiting, long abandoned,
        long callbackFailures) {

    public ObjectPoolSnapshot {
        Objects.requireNonNull(name, "name");
    }
}
