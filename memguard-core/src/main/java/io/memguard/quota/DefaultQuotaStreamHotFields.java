package io.memguard.quota;

/**
 * The four fields of a {@link DefaultQuotaStream} that every allocation and release reads, declared in a superclass
 * so that HotSpot lays them out first, right after the object header: see "What an allocate and release read of the
 * stream sit together" in {@code DefaultQuotaStream}. Only fields read on that path belong here; a test pins the list.
 */
abstract class DefaultQuotaStreamHotFields {

    final DefaultQuotaController controller;

    final int cellCount;

    final long limitBytes;

    /* Component 0 lives in this object, so that the common one-component stream is one object. */
    volatile long firstCell;

    DefaultQuotaStreamHotFields(DefaultQuotaController controller, int cellCount, long limitBytes) {
        this.controller = controller;
        this.cellCount = cellCount;
        this.limitBytes = limitBytes;
    }
}
