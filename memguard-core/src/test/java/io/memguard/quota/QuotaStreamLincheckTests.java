package io.memguard.quota;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.testing.ModelChecking;

/**
 * Model checks one stream's accounting: every interleaving of allocate, release and usedBytes, up to a bound.
 * The global limit is out of reach here, so the stream's limit alone decides. A one-component stream is checked
 * against a sequential model: its results must be those of some one-at-a-time order of the same calls, so an
 * allocation is admitted exactly when it fits and a release exactly when the stream holds the bytes; two
 * allocations racing for the last bytes may not both be refused, and a release may never take bytes of an
 * allocation that is refused.
 */
class QuotaStreamLincheckTests {

    private static final long LIMIT = 10;

    @Test
    void oneComponentStreamIsLinearizable() {
        options().sequentialSpecification(OneComponentModel.class).check(OneComponent.class);
    }

    @Test
    void twoComponentStreamNeverPassesItsLimitNorRefusesAReleaseOfHeldBytes() {
        options().check(TwoComponents.class);
    }

    private static ModelCheckingOptions options() {
        return ModelChecking.options().iterations(12).invocationsPerIteration(400).threads(2).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(1);
    }

    private static QuotaController controller(String... components) {
        return QuotaController.builder()
                .globalLimit(1L << 40)
                .defaultStreamLimit(LIMIT)
                .components(components)
                .overLimitAction(OverLimitAction.REJECT)
                .backgroundExecutor(Runnable::run)
                .build();
    }

    /** The one-component stream, the common case: its one cell is the limit and the usage. */
    @Param(name = "bytes", gen = LongGen.class, conf = "1:7")
    public static class OneComponent {

        private final QuotaController quotas = controller("default");
        private final QuotaStream stream = quotas.stream("s");

        public OneComponent() {
        }

        @Operation
        public boolean allocate(@Param(name = "bytes") long bytes) {
            try {
                stream.allocate("default", bytes);
                return true;
            }
            catch (QuotaExceededException refused) {
                return false;
            }
        }

        @Operation
        public boolean release(@Param(name = "bytes") long bytes) {
            try {
                stream.release("default", bytes);
                return true;
            }
            catch (IllegalArgumentException refused) {
                return false;
            }
        }

        @Operation
        public long usedBytes() {
            return stream.usedBytes();
        }

        /** With every call done, the global counters hold exactly what the stream holds. */
        @Validate
        public void globalEqualsTheStream() {
            if (quotas.usedBytes() != stream.usedBytes()) {
                throw new AssertionError("global " + quotas.usedBytes() + " != stream " + stream.usedBytes());
            }
        }
    }

    /** What a one-component stream must do, one call at a time. */
    public static class OneComponentModel {

        private long held;

        public OneComponentModel() {
        }

        public boolean allocate(long bytes) {
            if (held + bytes > LIMIT) {
                return false;
            }
            held += bytes;
            return true;
        }

        public boolean release(long bytes) {
            if (bytes > held) {
                return false;
            }
            held -= bytes;
            return true;
        }

        public long usedBytes() {
            return held;
        }
    }

    /**
     * Two components share the stream's limit. An allocation passes the limit before its component's cell shows
     * it, so a refusal and a component's usage can disagree for an instant with every sequential order (an
     * allocation refused for bytes another is still adding): this stream is checked against its guarantees
     * instead. The callers' holdings are counted here, added after an allocation returns and taken away before
     * a release starts: the operations return whether the guarantees held, and the model is that they always do.
     */
    @Param(name = "bytes", gen = LongGen.class, conf = "1:7")
    @Param(name = "component", gen = IntGen.class, conf = "0:1")
    public static class TwoComponents {

        private static final String[] NAMES = { "a", "b" };

        private final QuotaController quotas = controller(NAMES);
        private final QuotaStream stream = quotas.stream("s");
        private final AtomicLong admitted = new AtomicLong();
        /** How many allocations of each component and size the callers hold and may release. */
        private final AtomicIntegerArray held = new AtomicIntegerArray(16);

        public TwoComponents() {
        }

        /** Refusal is allowed; admission past the stream's limit is not. */
        @Operation
        public boolean allocate(@Param(name = "component") int component, @Param(name = "bytes") long bytes) {
            try {
                stream.allocate(NAMES[component], bytes);
            }
            catch (QuotaExceededException refused) {
                return true;
            }
            held.incrementAndGet(slot(component, bytes));
            return admitted.addAndGet(bytes) <= LIMIT;
        }

        /** Releases one held allocation of this component and size, if the callers hold one: never refused. */
        @Operation
        public boolean release(@Param(name = "component") int component, @Param(name = "bytes") long bytes) {
            if (held.getAndUpdate(slot(component, bytes), count -> Math.max(0, count - 1)) == 0) {
                return true;
            }
            admitted.addAndGet(-bytes);
            try {
                stream.release(NAMES[component], bytes);
                return true;
            }
            catch (IllegalArgumentException refused) {
                return false;
            }
        }

        /** Never more than the stream's limit, whatever is under way. */
        @Operation
        public boolean usedBytesWithinTheLimit() {
            return stream.usedBytes() <= LIMIT;
        }

        private static int slot(int component, long bytes) {
            return component * 8 + (int) bytes;
        }

        /** With every call done, the components, the stream, the global counters and the callers agree. */
        @Validate
        public void countersBalance() {
            long components = stream.usedBytes("a") + stream.usedBytes("b");
            if (quotas.usedBytes() != admitted.get() || stream.usedBytes() != admitted.get()
                    || components != admitted.get()) {
                throw new AssertionError("global " + quotas.usedBytes() + ", stream " + stream.usedBytes()
                        + ", components " + components + ", held by callers " + admitted.get());
            }
        }
    }
}
