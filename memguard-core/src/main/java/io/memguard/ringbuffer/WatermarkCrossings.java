package io.memguard.ringbuffer;

import java.util.List;
import java.util.function.Consumer;

import io.memguard.internal.Listeners;

/**
 * Whether a ring buffer is pressured, and the delivery of its watermark crossings to its
 * {@link RingBuffer.WatermarkListener}s one at a time, in the order they happened.
 *
 * <p>A producer and a consumer can cross the two watermarks at nearly the same moment. If each told the
 * listeners itself, a listener could hear LOW before the HIGH it follows, and from then on believe the buffer
 * pressured while it is not. So a crossing is two steps. {@link #cross} flips the state and queues the
 * crossing in one step under a lock, which orders the crossings. {@link #deliver} then hands the queue to
 * the listeners, by one thread at a time: a thread that finds another one delivering leaves its crossing to
 * it, and the delivering thread keeps going until the queue is empty (checked under the lock, so no crossing
 * is left behind). Every listener thus hears HIGH and LOW alternate, and once the buffer is quiet the last
 * crossing it heard matches {@link #isPressured()}. A listener that calls into the buffer from its callback
 * and crosses a watermark again hears that crossing after its current callback returns, not inside it.
 *
 * <p>The lock is taken only at a crossing; reading the state is one volatile read. A crossing allocates
 * nothing: the queue is a ring of packed {@code long}s that grows only if crossings outpace their delivery.
 */
final class WatermarkCrossings {

    /** The bit of a packed crossing that says it is the high watermark's; the low 32 bits hold the size. */
    private static final long TO_PRESSURED = 1L << 32;

    private final RingBuffer<?> buffer;

    /** An array rather than a list, so that telling them allocates no iterator. */
    private final RingBuffer.WatermarkListener[] listeners;

    private final Listeners.FailureHandler onListenerFailure;

    private final Runnable onPressuredChange;

    private final Object lock = new Object();

    /** Crossings not yet delivered, packed by {@link #pack}, from {@code first} on; guarded by the lock. */
    private long[] pending = new long[4];

    /** The index in {@code pending} of the oldest crossing not yet delivered; guarded by the lock. */
    private int first;

    /** How many crossings are not yet delivered; guarded by the lock. */
    private int queued;

    /** Whether a thread is delivering; guarded by the lock. */
    private boolean delivering;

    /** Tells one listener of the crossing being delivered; one object for all, so that delivering allocates nothing. */
    private final Consumer<RingBuffer.WatermarkListener> telling = this::tellOne;

    /** The crossing being delivered; written and read by the one delivering thread only. */
    private boolean tellingToPressured;

    /** The size of the crossing being delivered; written and read by the one delivering thread only. */
    private int tellingSize;

    /** Written under the lock only, read without it. */
    private volatile boolean pressured;

    /**
     * @param buffer            the buffer the listeners are told about
     * @param listeners         the listeners, in the order they are told
     * @param onListenerFailure told of every listener that throws; must not throw
     * @param onPressuredChange told after every change of the pressured state, under the lock that orders the
     *                          crossings; must not throw
     */
    WatermarkCrossings(RingBuffer<?> buffer, List<RingBuffer.WatermarkListener> listeners,
            Listeners.FailureHandler onListenerFailure, Runnable onPressuredChange) {
        this.buffer = buffer;
        this.listeners = listeners.toArray(new RingBuffer.WatermarkListener[0]);
        this.onListenerFailure = onListenerFailure;
        this.onPressuredChange = onPressuredChange;
    }

    boolean isPressured() {
        return pressured;
    }

    /**
     * Makes the buffer pressured, or not, and queues the crossing for the listeners; call {@link #deliver()}
     * afterwards.
     *
     * @param toPressured {@code true} for the high watermark, {@code false} for the low one
     * @param size        the buffer's size when the crossing was seen
     * @return {@code false} if the buffer was already in that state (another thread crossed first)
     */
    boolean cross(boolean toPressured, int size) {
        synchronized (lock) {
            if (pressured == toPressured) {
                return false;
            }
            pressured = toPressured;
            onPressuredChange.run();
            enqueue(pack(toPressured, size));
            return true;
        }
    }

    /**
     * Tells the listeners of every queued crossing, in order, unless another thread is doing so already (it
     * then tells them of the crossings queued before this call too).
     */
    void deliver() {
        synchronized (lock) {
            if (delivering || queued == 0) {
                return;
            }
            delivering = true;
        }
        boolean emptied = false;
        try {
            for (;;) {
                long crossing;
                synchronized (lock) {
                    if (queued == 0) {
                        delivering = false;
                        emptied = true;
                        return;
                    }
                    crossing = pending[first];
                    first = (first + 1) & (pending.length - 1);
                    queued--;
                }
                tell(crossing);
            }
        }
        finally {
            if (!emptied) {
                // Only an Error thrown past tell() gets here; let the next crossing deliver what is left.
                synchronized (lock) {
                    delivering = false;
                }
            }
        }
    }

    /** Adds a packed crossing at the end of the queue, doubling the ring when it is full; under the lock. */
    private void enqueue(long crossing) {
        if (queued == pending.length) {
            long[] longer = new long[2 * pending.length];
            for (int i = 0; i < queued; i++) {
                longer[i] = pending[(first + i) & (pending.length - 1)];
            }
            pending = longer;
            first = 0;
        }
        pending[(first + queued) & (pending.length - 1)] = crossing;
        queued++;
    }

    private void tellOne(RingBuffer.WatermarkListener listener) {
        if (tellingToPressured) {
            listener.onHighWatermark(buffer, tellingSize);
        }
        else {
            listener.onLowWatermark(buffer, tellingSize);
        }
    }

    private void tell(long crossing) {
        boolean toPressured = (crossing & TO_PRESSURED) != 0;
        int size = (int) crossing;
        tellingToPressured = toPressured;
        tellingSize = size;
        Listeners.notifyEach(listeners, telling, onListenerFailure);
    }

    private static long pack(boolean toPressured, int size) {
        return (toPressured ? TO_PRESSURED : 0) | (size & 0xFFFF_FFFFL);
    }
}
