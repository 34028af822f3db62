package io.memguard.internal;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.slf4j.Logger;

/**
 * Calls every listener of a list, so that one that throws is logged and counted and never stops memguard nor
 * the listeners after it.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class Listeners {

    private Listeners() {
    }

    /**
     * Calls {@code call} on each listener.
     *
     * @param <L>       the listener type
     * @param listeners the listeners, in order
     * @param call      what to tell each
     * @param failures  counts the listeners that threw
     * @param logger    where a failure is logged
     * @param owner     what the listeners belong to, for the log
     */
    public static <L> void notifyEach(Iterable<L> listeners, Consumer<L> call, LongAdder failures, Logger logger,
            Object owner) {
        for (L listener : listeners) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                failures.increment();
                logger.warn("memguard: listener {} of {} failed; memguard carries on", listener, owner, ex);
            }
        }
    }
}
