package io.memguard.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Chooses and evicts entries in two steps. {@link #evict} filters out the young (minimum retention) and what
 * the policy protects, orders the rest by the policy on immutable snapshots, and evicts in that order until
 * usage reaches the target: each eviction gives the entry's bytes back at once. The caller runs it under its
 * eviction lock, so two runs never both evict for the same shortfall. {@link #callOwners} then runs the
 * owners' callbacks, outside any lock, so that a callback can never deadlock the controller.
 */
final class Evictor {

    private final EvictionPolicy policy;
    private final long minimumRetentionNanos;
    private final boolean retainYoungAtCritical;
    private final LongSupplier ticker;
    private final QuotaCounters counters;
    private final CallbackGuard guard;

    Evictor(QuotaConfiguration configuration, LongSupplier ticker, QuotaCounters counters, CallbackGuard guard) {
        this.policy = configuration.evictionPolicy();
        this.minimumRetentionNanos = configuration.minimumRetention().toNanos();
        this.retainYoungAtCritical = configuration.minimumRetentionAtCritical();
        this.ticker = ticker;
        this.counters = counters;
        this.guard = guard;
    }

    /**
     * Evicts in policy order until {@code usage} is at most {@code targetBytes}.
     *
     * @return the evicted entries, or {@code null} if none was evicted
     */
    @Nullable Evicted evict(Iterable<DefaultQuotaStream> streams, LongSupplier usage, long targetBytes,
            EvictionReason reason, boolean critical) {
        if (usage.getAsLong() <= targetBytes) {
            return null;
        }
        List<Candidate> candidates;
        try {
            candidates = candidates(streams, critical);
            candidates.sort((a, b) -> policy.compare(a.snapshot, b.snapshot));
        }
        catch (RuntimeException ex) {
            guard.failed("eviction policy", policy.name(), ex);
            return null;
        }
        Evicted evicted = new Evicted(reason);
        for (Candidate candidate : candidates) {
            if (usage.getAsLong() <= targetBytes) {
                break;
            }
            evicted.evict(candidate.entry, candidate.snapshot);
        }
        return evicted.orNull();
    }

    /**
     * Evicts every live entry of a stream, whatever its age or priority.
     *
     * @return the evicted entries, or {@code null} if none was evicted
     */
    @Nullable Evicted evictAll(DefaultQuotaStream stream, EvictionReason reason) {
        Set<DefaultQuotaEntry> entries = stream.entriesOrNull();
        if (entries == null) {
            return null;
        }
        Evicted evicted = new Evicted(reason);
        for (DefaultQuotaEntry entry : entries) {
            evicted.evict(entry, entry.snapshot());
        }
        return evicted.orNull();
    }

    /**
     * Evicts one entry, whatever its age or priority.
     *
     * @return the entry, or {@code null} if it was no longer live
     */
    @Nullable Evicted evictOne(DefaultQuotaEntry entry, EvictionReason reason) {
        Evicted evicted = new Evicted(reason);
        evicted.evict(entry, entry.snapshot());
        return evicted.orNull();
    }

    /**
     * Runs the callbacks of evicted entries, each guarded, and describes them as one batch.
     *
     * @return the batch, or {@code null} if {@code evicted} is {@code null}
     */
    @Nullable EvictionBatch callOwners(@Nullable Evicted evicted) {
        if (evicted == null) {
            return null;
        }
        for (DefaultQuotaEntry entry : evicted.entries) {
            guard.run("eviction callback", entry, () -> entry.onEvict().accept(entry, evicted.reason));
        }
        return new EvictionBatch(evicted.reason, evicted.snapshots);
    }

    private List<Candidate> candidates(Iterable<DefaultQuotaStream> streams, boolean critical) {
        long now = ticker.getAsLong();
        boolean protectYoung = minimumRetentionNanos > 0 && !(critical && !retainYoungAtCritical);
        List<Candidate> candidates = new ArrayList<>();
        for (DefaultQuotaStream stream : streams) {
            Set<DefaultQuotaEntry> entries = stream.entriesOrNull();
            if (entries == null) {
                continue;
            }
            for (DefaultQuotaEntry entry : entries) {
                QuotaEntrySnapshot snapshot = entry.snapshot();
                boolean young = protectYoung && now - snapshot.createdNanos() < minimumRetentionNanos;
                if (!young && entry.isLive() && policy.mayEvict(snapshot, critical)) {
                    candidates.add(new Candidate(entry, snapshot));
                }
            }
        }
        return candidates;
    }

    private record Candidate(DefaultQuotaEntry entry, QuotaEntrySnapshot snapshot) {
    }

    /** Entries evicted by one run whose owners have not been called yet. */
    final class Evicted {

        private final EvictionReason reason;
        private final List<DefaultQuotaEntry> entries = new ArrayList<>();
        private final List<QuotaEntrySnapshot> snapshots = new ArrayList<>();

        private Evicted(EvictionReason reason) {
            this.reason = reason;
        }

        private void evict(DefaultQuotaEntry entry, QuotaEntrySnapshot snapshot) {
            if (entry.evict()) {
                counters.recordEviction(reason, entry.sizeBytes());
                entries.add(entry);
                snapshots.add(snapshot);
            }
        }

        private @Nullable Evicted orNull() {
            return entries.isEmpty() ? null : this;
        }
    }
}
