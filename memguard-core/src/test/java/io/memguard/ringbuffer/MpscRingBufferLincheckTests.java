package io.memguard.ringbuffer;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model checking of {@link ConcurrentRingBufferLincheckTests} (the same scenarios, model, parker and
 * limits; see its class comment for what is and is not covered) for {@link MpscRingBuffer}, declared
 * {@code singleConsumer()}: offers on any thread, polls and takes on one thread (Lincheck's {@code nonParallelGroup}), as the declaration promises.
 */
public class MpscRingBufferLincheckTests {

    private final RingBuffer<Integer> buffer = ConcurrentRingBufferLincheckTests.newBuffer(Arity.MPSC);

    @Operation
    public String offer(@Param(gen = IntGen.class, conf = "1:9") int item) {
        return ConcurrentRingBufferLincheckTests.offer(buffer, item);
    }

    @Operation(nonParallelGroup = "consumers")
    public Integer poll() {
        return buffer.poll();
    }

    @Operation(nonParallelGroup = "consumers")
    public Object take() throws InterruptedException {
        return ConcurrentRingBufferLincheckTests.take(buffer);
    }

    @Operation
    public int size() {
        return buffer.size();
    }

    @ParameterizedTest(name = "capacity {0}, {1}")
    @MethodSource("configurations")
    @Timeout(300)
    void everyOutcomeIsLinearizable(int capacity, OverflowPolicy policy) {
        ConcurrentRingBufferLincheckTests.check(capacity, policy, MpscRingBufferLincheckTests.class);
    }

    static Stream<Arguments> configurations() {
        return ConcurrentRingBufferLincheckTests.configurations();
    }

    @ParameterizedTest(name = "capacity {0}, DROP_OLDEST")
    @MethodSource("dropOldestCapacities")
    @Timeout(300)
    void underDropOldestEveryItemIsPolledDroppedOrLeftExactlyOnce(int capacity) {
        ConcurrentRingBufferLincheckTests.checkDropOldest(capacity, DropOldest.class);
    }

    static IntStream dropOldestCapacities() {
        return ConcurrentRingBufferLincheckTests.dropOldestCapacities();
    }

    /** {@link ConcurrentRingBufferLincheckTests.DropOldest} under this declaration. */
    public static class DropOldest {

        private final ConcurrentRingBufferLincheckTests.DropOldestAccounting accounting =
                new ConcurrentRingBufferLincheckTests.DropOldestAccounting(Arity.MPSC);

        @Operation
        public String offer() {
            return accounting.offer();
        }

        @Operation(nonParallelGroup = "consumers")
        public Integer poll() {
            return accounting.poll();
        }

        @Operation
        public int size() {
            return accounting.size();
        }

        @Validate
        public void everyItemIsAccountedForOnce() {
            accounting.everyItemIsAccountedForOnce();
        }
    }
}
