package io.memguard.spring.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.HeapMemory;

/**
 * The heap now and right after the last collection.
 *
 * @param usedBytes        heap in use now, garbage included
 * @param committedBytes   heap the JVM holds from the operating system
 * @param maxBytes         the most the heap may grow to
 * @param afterGcUsedBytes the long-lived pools right after the last collection: the live set; absent before the
 *                         first collection
 * @param afterGcMaxBytes  the most the long-lived pools may grow to
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeapDescriptor(long usedBytes, long committedBytes, @Nullable Long maxBytes,
        @Nullable Long afterGcUsedBytes, @Nullable Long afterGcMaxBytes) {

    static @Nullable HeapDescriptor of(@Nullable HeapMemory heap) {
        if (heap == null) {
            return null;
        }
        return new HeapDescriptor(heap.usedBytes(), heap.committedBytes(),
                SignalDescriptor.bytesOrNull(heap.maxBytes()), SignalDescriptor.bytesOrNull(heap.afterGcUsedBytes()),
                SignalDescriptor.bytesOrNull(heap.afterGcMaxBytes()));
    }
}
