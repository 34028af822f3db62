package io.memguard.ringbuffer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The check, with assertions enabled only, that one side of a buffer declared single-threaded
 * ({@link RingBuffer.Builder#singleProducer()}, {@link RingBuffer.Builder#singleConsumer()}) is not used by two
 * threads at the same moment. Called as {@code assert side.enter()} and {@code assert side.leave()}, it costs
 * nothing without {@code -ea}. It catches the overlap of two offers or two polls, the way a second producer
 * or consumer shows under load; calls that never overlap, such as a producer thread handing over to another
 * through an executor, are allowed, as they are safe.
 */
final class SingleThreadedSide {

    private final String buffer;

    private final String declaration;

    private final AtomicReference<Thread> inside = new AtomicReference<>();

    SingleThreadedSide(String buffer, String declaration) {
        this.buffer = buffer;
        this.declaration = declaration;
    }

    /**
     * Records the current thread as inside.
     *
     * @return {@code true}
     * @throws AssertionError if another thread is inside
     */
    boolean enter() {
        Thread current = Thread.currentThread();
        Thread other = inside.compareAndExchange(null, current);
        if (other != null && other != current) {
            throw new AssertionError("Ring buffer '" + buffer + "' was declared " + declaration + " but threads '"
                    + other.getName() + "' and '" + current.getName() + "' used it at the same time");
        }
        return true;
    }

    /**
     * Records that the current thread has left.
     *
     * @return {@code true}
     */
    boolean leave() {
        inside.compareAndSet(Thread.currentThread(), null);
        return true;
    }
}
