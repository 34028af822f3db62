package io.memguard.quota;

/** Lowest priority first, then least recently used; priorities above the protected one wait for critical. */
final class PriorityEvictionPolicy implements EvictionPolicy {

    private final int protectedPriority;

    PriorityEvictionPolicy(int protectedPriority) {
        this.protectedPriority = protectedPriority;
    }

    @Override
    public int compare(QuotaEntrySnapshot a, QuotaEntrySnapshot b) {
        int byPriority = Integer.compare(a.priority(), b.priority());
        return byPriority != 0 ? byPriority : LruEvictionPolicy.INSTANCE.compare(a, b);
    }

    @Override
    public boolean mayEvict(QuotaEntrySnapshot entry, boolean critical) {
        return critical || entry.priority() <= protectedPriority;
    }

    @Override
    public String name() {
        return "priority";
    }

    int protectedPriority() {
        return protectedPriority;
    }
}
