package io.memguard.pressure;

/**
 * Counts provoked young collections instead of allocating.
 */
final class CountingYoungCollectionProvoker implements YoungCollectionProvoker {

    volatile int provocations;

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public synchronized boolean provoke() {
        provocations++;
        return true;
    }
}
