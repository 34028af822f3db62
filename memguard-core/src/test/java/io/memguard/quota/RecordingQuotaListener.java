package io.memguard.quota;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every notification, in order. */
final class RecordingQuotaListener implements QuotaListener {

    final List<EvictionBatch> evictions = new CopyOnWriteArrayList<>();
    final List<QuotaRejection> backpressure = new CopyOnWriteArrayList<>();
    final List<SuspectedLeak> leaks = new CopyOnWriteArrayList<>();

    @Override
    public void onEviction(EvictionBatch batch) {
        evictions.add(batch);
    }

    @Override
    public void onBackpressure(QuotaRejection rejection) {
        backpressure.add(rejection);
    }

    @Override
    public void onSuspectedLeak(SuspectedLeak leak) {
        leaks.add(leak);
    }

    List<Object> evictedKeys() {
        return evictions.stream().flatMap(batch -> batch.entries().stream()).map(QuotaEntrySnapshot::key).toList();
    }
}
