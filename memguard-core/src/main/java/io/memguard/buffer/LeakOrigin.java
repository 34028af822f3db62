package io.memguard.buffer;

/**
 * The stack of an acquisition that leak detection tracks, captured when the buffer is handed out and read only
 * if the buffer leaks.
 */
final class LeakOrigin extends Throwable {

    private static final long serialVersionUID = 1L;

    private final String thread;

    LeakOrigin() {
        super(null, null, false, true);
        this.thread = Thread.currentThread().getName();
    }

    String thread() {
        return thread;
    }
}
