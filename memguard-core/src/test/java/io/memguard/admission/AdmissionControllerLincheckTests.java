package io.memguard.admission;


import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;

import io.memguard.admission.AdmissionController.Priority;
import io.memguard.testing.ModelChecking;

/**
 * Model checks the lock-free half of {@link AdmissionController} with Lincheck: admission without waiting
 * ({@code tryEnter}) and exit, on a limit of 4 with weights 1 to 3. Every interleaving must give results that some
 * one-thread order of the same calls gives, and afterwards the in-flight weight must equal what the threads still
 * hold.
 */
public class AdmissionControllerLincheckTests {

    private static final int THREADS = 3;

    private final AdmissionController controller = AdmissionController.builder().maxLimit(4).minLimit(1)
            .queueCapacity(0).build();

    // One hand per thread, and one each for the actors Lincheck runs before and after the parallel part.
    private final long[] held = new long[THREADS + 2];

    /** Lincheck makes one instance per interleaving. */
    public AdmissionControllerLincheckTests() {
    }

    /**
     * Admits without waiting and remembers the weight in the calling thread's hand.
     *
     * @param thread Lincheck's id of the calling thread
     * @param weight the weight
     * @return whether it was admitted
     */
    @Operation
    public boolean tryEnter(@Param(gen = ThreadIdGen.class) int thread,
            @Param(gen = IntGen.class, conf = "1:3") int weight) {
        if (controller.tryEnter(weight, Priority.HIGH).isAdmitted()) {
            held[thread] += weight;
            return true;
        }
        return false;
    }

    /**
     * Gives back everything the calling thread holds.
     *
     * @param thread Lincheck's id of the calling thread
     * @return the weight given back
     */
    @Operation
    public long exitAll(@Param(gen = ThreadIdGen.class) int thread) {
        long weight = held[thread];
        if (weight > 0) {
            controller.exit(weight);
            held[thread] = 0;
        }
        return weight;
    }

    /** @return the weight in flight */
    @Operation
    public long inFlight() {
        return controller.inFlight();
    }

    @Validate
    public void inFlightIsWhatTheThreadsHold() {
        long sum = 0;
        for (long weight : held) {
            sum += weight;
        }
        if (controller.inFlight() != sum || sum > 4 + 3) {
            throw new IllegalStateException("in flight " + controller.inFlight() + ", held " + sum);
        }
    }

    @Test
    void admissionAndExitAreLinearizable() {
        ModelChecking.options().iterations(20).invocationsPerIteration(300).threads(THREADS).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).check(AdmissionControllerLincheckTests.class);
    }
}
