package io.memguard.testing;

import java.util.concurrent.TimeUnit;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The one place where the model-checked tests get their Lincheck options, so that they all share the budget
 * below; each test then sets its own scenario sizes.
 */
public final class ModelChecking {

    /**
     * How long one interleaving may run before Lincheck calls it a hang. Lincheck's default is 30 s. The first
     * interleavings of a run instrument every JDK class the checked code touches, and on a loaded machine that
     * alone has passed 30 s: Lincheck then printed "The execution has hung" with a thread dump whose threads
     * were inside its own bookkeeping, in straight-line code of the class under test (the project's CI on
     * 2026-12-07, {@code RingBufferLincheckTests} on JDK 25). A real livelock is still caught: Lincheck reports
     * a thread spinning on shared memory as an active lock, with its trace, well within any budget, and a loop
     * that touches no shared memory still fails the test, only later.
     */
    private static final long INVOCATION_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private ModelChecking() {
    }

    /**
     * New model-checking options with the project's budget for one interleaving.
     *
     * @return the options, to be given the scenario sizes of the test
     */
    public static ModelCheckingOptions options() {
        ModelCheckingOptions options = new ModelCheckingOptions();
        // Kotlin-internal in Lincheck 3.7 (hence the mangled name), the only way to set the budget.
        options.invocationTimeout$lincheck(INVOCATION_TIMEOUT_MILLIS);
        return options;
    }
}
