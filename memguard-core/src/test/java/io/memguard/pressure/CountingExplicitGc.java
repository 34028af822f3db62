package io.memguard.pressure;

/**
 * Counts GC hint requests instead of collecting.
 */
final class CountingExplicitGc implements ExplicitGc {

    private final boolean disabled;

    private final Runnable collection;

    volatile int requests;

    CountingExplicitGc(boolean disabled) {
        this(disabled, () -> { });
    }

    /**
     * @param collection what each request does while it lasts, such as advancing a test clock by the pause it takes
     */
    CountingExplicitGc(boolean disabled, Runnable collection) {
        this.disabled = disabled;
        this.collection = collection;
    }

    @Override
    public boolean isDisabled() {
        return disabled;
    }

    @Override
    public synchronized void request() {
        requests++;
        collection.run();
    }
}
