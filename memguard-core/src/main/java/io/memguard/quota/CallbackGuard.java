package io.memguard.quota;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs code memguard does not own (eviction callbacks, listeners, policies) so that a failure is logged and
 * counted and never breaks the controller. Bookkeeping is always done before the call, so nothing is left
 * half-applied; only errors the JVM cannot recover from are rethrown.
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
        try {
            callback.run();
        }
        catch (VirtualMachineError error) {
            counters.recordCallbackFailure();
            throw error;
        }
        catch (Throwable failure) {
            failed(what, subject, failure);
        }
    }

    void failed(String what, Object subject, Throwable failure) {
        counters.recordCallbackFailure();
        logger.warn("{} ({}) threw; memguard carries on", what, subject, failure);
    }
}
