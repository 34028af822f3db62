package io.memguard.sample.demo;

/**
 * Thrown when the ballast cannot grow by the requested amount: it would take more than 90% of the heap, or the heap
 * is full.
 *
 * @since 0.1.0
 */
public class HeapExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HeapExhaustedException(int requestedMebibytes, int heldMebibytes) {
        super("The heap cannot spare " + requestedMebibytes + " MiB more; nothing was added and " + heldMebibytes
                + " MiB stay held");
    }
}
