package io.memguard.quota;

import java.util.function.Consumer;

import io.memguard.internal.Listeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs code memguard does not own (eviction callbacks, listeners, policies) so that a failure is logged and
 * counted and never breaks the controller, under the policy of {@link Listeners}. Bookkeeping is always done before
 * the call, so nothing is left half-applied; only errors the JVM cannot recover from are rethrown.
 */
final class CallbackGuard {

    private static final Logger logger = LoggerFactory.getLogger(QuotaController.class);

    private final QuotaCounters counters;

    CallbackGuard(QuotaCounters counters) {
        this.counters = counters;
    }

    /**
     * Runs the callback, logging and counting what it throws.
     *
     * @param what    the kind of callback, for the log, such as "eviction callback"
     * @param subject what the callback was about, for the log, such as a stream id
     * @param callback the code to run
     */
    void run(String what, Object subject, Runnable callback) {
        Listeners.run(callback, (ignored, failure) -> failed(what, subject, failure));
    }

    /**
     * Tells every listener, logging and counting those that throw.
     *
     * @param what      the kind of listener, for the log, such as "quota listener"
     * @param listeners the listeners, in order
     * @param call      what to tell each
     */
    <L> void notifyEach(String what, Iterable<L> listeners, Consumer<? super L> call) {
        Listeners.notifyEach(listeners, call, (listener, failure) -> failed(what, listener, failure));
    }

    void failed(String what, Object subject, Throwable failure) {
        counters.recordCallbackFailure();
        logger.warn("{} ({}) threw; memguard carries on", what, subject, failure);
    }
}
