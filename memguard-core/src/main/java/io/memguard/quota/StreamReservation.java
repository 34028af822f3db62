package io.memguard.quota;

import java.util.concurrent.atomic.AtomicBoolean;

/** Bytes released once when closed; closing twice, or from two threads, releases once. */
final class StreamReservation implements QuotaStream.Reservation {

    private final DefaultQuotaStream stream;
    private final int component;
    private final long bytes;
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamReservation(DefaultQuotaStream stream, int component, long bytes) {
        this.stream = stream;
        this.component = component;
        this.bytes = bytes;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stream.release(component, bytes);
        }
    }

    @Override
    public String toString() {
        return "QuotaStream.Reservation[stream=" + stream.id() + ", component=" + stream.componentName(component)
                + ", bytes=" + bytes + "]";
    }
}
