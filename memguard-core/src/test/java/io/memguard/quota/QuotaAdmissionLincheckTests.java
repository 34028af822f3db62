package io.memguard.quota;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

import io.memguard.testing.ModelChecking;

/**
 * Model checks the global admission against its guarantee: whatever the interleaving, the bytes of admitted
 * allocations not yet released never exceed the critical threshold, a release of bytes held is never refused,
 * and once every call is done the global counters equal what the callers hold.
 *
 * <p>Which of two racing allocations is admitted near the threshold is not decided by a sequential order (both
 * may be refused, since each sees the other's bytes under way), so the operations return whether the guarantee
 * held, and the sequential model is that it always does. The callers' holdings are counted here, added after an
 * allocation returns and taken away before a release starts: never more than the quota's own admitted usage.
 */
@Param(name = "tens", gen = IntGen.class, conf = "1:3")
public class QuotaAdmissionLincheckTests {

    /** Global limit 100 bytes: soft 80, hard 95, critical 98 (small: messages then format no decimals). */
    private static final long CRITICAL = 98;
    private static final long ALREADY_HELD = 70;

    private final QuotaController quotas = QuotaController.builder()
            .globalLimit(100)
            .defaultStreamLimit(100)
            .backgroundExecutor(task -> {
            })
            .build();
    private final QuotaStream stream = quotas.stream("s");
    private final AtomicLong admitted = new AtomicLong(ALREADY_HELD);
    /** How many allocations of each size (in tens of bytes) the callers hold and may release. */
    private final AtomicIntegerArray held = new AtomicIntegerArray(4);

    public QuotaAdmissionLincheckTests() {
        quotas.stream("base").allocate("default", ALREADY_HELD);
    }

    @Test
    void admittedUsageNeverPassesTheCriticalThreshold() {
        ModelChecking.options().iterations(10).invocationsPerIteration(300).threads(2).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).check(QuotaAdmissionLincheckTests.class);
    }

    /** Allocates; refusal is allowed, admission past the critical threshold is not. */
    @Operation
    public boolean allocate(@Param(name = "tens") int tens) {
        long bytes = tens * 10L;
        try {
            stream.allocate("default", bytes);
        }
        catch (QuotaExceededException refused) {
            return true;
        }
        held.incrementAndGet(tens);
        return admitted.addAndGet(bytes) <= CRITICAL;
    }

    /** Releases one held allocation of this size, if the callers hold one: never refused. */
    @Operation
    public boolean release(@Param(name = "tens") int tens) {
        if (held.getAndUpdate(tens, count -> Math.max(0, count - 1)) == 0) {
            return true;
        }
        long bytes = tens * 10L;
        admitted.addAndGet(-bytes);
        try {
            stream.release("default", bytes);
            return true;
        }
        catch (IllegalArgumentException refused) {
            return false;
        }
    }

    /** With every call done, the global usage, the streams and the callers agree to the byte. */
    @Validate
    public void countersBalance() {
        long streams = stream.usedBytes() + quotas.stream("base").usedBytes();
        if (quotas.usedBytes() != admitted.get() || streams != admitted.get()) {
            throw new AssertionError("global " + quotas.usedBytes() + ", streams " + streams + ", held by callers "
                    + admitted.get());
        }
    }
}
