package io.memguard.quota;

/** Least recently used first; the oldest entry first on equal access times. */
final class LruEvictionPolicy implements EvictionPolicy {

    static final LruEvictionPolicy INSTANCE = new LruEvictionPolicy();

    private LruEvictionPolicy() {
    }

    @Override
    public int compare(QuotaEntrySnapshot a, QuotaEntrySnapshot b) {
        int byAccess = Long.compare(a.lastAccessNanos() - b.lastAccessNanos(), 0);
        return byAccess != 0 ? byAccess : Long.compare(a.createdNanos() - b.createdNanos(), 0);
    }

    @Override
    public String name() {
        return "lru";
    }
}
