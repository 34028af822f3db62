package io.memguard.pressure;

/**
 * Counts GC hint requests instead of collecting.
 */
final class CountingExplicitGc implements ExplicitGc {

    private final boolean disabled;

    volatile int requests;

    CountingExplicitGc(boolean disabled) {
        this.disabled = disabled;
    }

    @Override
    public boolean isDisabled() {
        return disabled;
    }

    @Override
    public synchronized void request() {
        requests++;
    }
}
