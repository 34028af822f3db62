package io.memguard.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;

/**
 * An evictable entry. Its state goes from live to released (by the owner) or to evicted (by memguard) exactly
 * once, by CAS, so that its bytes are given back exactly once even when the owner and an eviction race.
 */
final class DefaultQuotaEntry implements QuotaEntry {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(DefaultQuotaEntry.class, "state", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final int LIVE = 0;
    private static final int RELEASED = 1;
    private static final int EVICTED = 2;

    private final DefaultQuotaStream stream;
    private final Object key;
    private final int component;
    private final long sizeBytes;
    private final int priority;
    private final long createdNanos;
    private final BiConsumer<? super QuotaEntry, ? super EvictionReason> onEvict;
    private volatile long lastAccessNanos;
    private volatile int state;

    DefaultQuotaEntry(DefaultQuotaStream stream, Object key, int component, long sizeBytes, int priority,
            long createdNanos, BiConsumer<? super QuotaEntry, ? super EvictionReason> onEvict) {
        this.stream = stream;
        this.key = key;
        this.component = component;
        this.sizeBytes = sizeBytes;
        this.priority = priority;
        this.createdNanos = createdNanos;
        this.lastAccessNanos = createdNanos;
        this.onEvict = onEvict;
    }

    @Override
    public String stream() {
        return stream.id();
    }

    @Override
    public Object key() {
        return key;
    }

    @Override
    public String component() {
        return stream.componentName(component);
    }

    int componentIndex() {
        return component;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public void touch() {
        lastAccessNanos = stream.now();
    }

    @Override
    public boolean release() {
        if (!STATE.compareAndSet(this, LIVE, RELEASED)) {
            return false;
        }
        stream.detach(this);
        return true;
    }

    /** Moves the entry to evicted and gives its bytes back; the caller then runs the callback. */
    boolean evict() {
        if (!STATE.compareAndSet(this, LIVE, EVICTED)) {
            return false;
        }
        stream.detach(this);
        stream.countEviction(sizeBytes);
        return true;
    }

    BiConsumer<? super QuotaEntry, ? super EvictionReason> onEvict() {
        return onEvict;
    }

    @Override
    public boolean isLive() {
        return state == LIVE;
    }

    @Override
    public QuotaEntrySnapshot snapshot() {
        return new QuotaEntrySnapshot(stream.id(), key, component(), sizeBytes, priority, createdNanos,
                lastAccessNanos);
    }

    @Override
    public String toString() {
        return "QuotaEntry[stream=" + stream.id() + ", key=" + key + ", size=" + sizeBytes + "]";
    }
}
