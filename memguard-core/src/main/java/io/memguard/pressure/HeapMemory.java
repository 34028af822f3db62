package io.memguard.pressure;

/**
 * The Java heap now and right after the last collection.
 *
 * <p>The after-GC figures cover the long-lived pools only (G1 Old Gen, Tenured Gen, PS Old Gen, ZGC's old
 * generation, Shenandoah's single pool...): the live set. {@code afterGcUsedBytes} is already the effective value,
 * the lower of the use right after the last collection and the current use of the same pools, so it never stays high
 * after memory was released on a service that has not collected since.
 *
 * @param usedBytes        heap in use now, garbage included
 * @param committedBytes   heap committed by the JVM now
 * @param maxBytes         the heap limit ({@code -Xmx}), or {@code -1} where undefined
 * @param afterGcUsedBytes long-lived pools in use after the last collection, bounded by their current use
 * @param afterGcMaxBytes  the live set the collector can hold: the limit of the long-lived pools minus the running
 *                         collector's reserve (see {@code heap-after-gc}), or {@code -1} where undefined
 * @since 0.1.0
 */
public record HeapMemory(long usedBytes, long committedBytes, long maxBytes, long afterGcUsedBytes,
        long afterGcMaxBytes) {
}
