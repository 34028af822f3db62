package io.memguard.internal;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Calls code memguard does not own (listeners, callbacks, handlers) under the one policy memguard has for it: a
 * call that throws is counted and logged, and memguard and the calls after it carry on.
 *
 * <p>Whatever a call throws, every listener of the list is still told: an {@link OutOfMemoryError} thrown by one
 * listener is precisely the moment the others must still hear. A {@link VirtualMachineError} is counted and logged
 * like any other failure, and then, once every listener has been told, rethrown, because the JVM cannot be trusted
 * to carry on after one and the caller must see it; a later one is added to it as suppressed. Any other
 * {@link Throwable} is swallowed after it is counted and logged.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class Listeners {

    private Listeners() {
    }

    /**
     * Where a failed call is reported: it counts and logs the failure.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface FailureHandler {

        /**
         * Reports a failed call; must not throw.
         *
         * @param callee  the listener or callback that threw
         * @param failure what it threw
         */
        void failed(Object callee, Throwable failure);
    }

    /**
     * The usual handler: counts the failure in {@code failures} and logs a warning that names the callee and the
     * owner.
     *
     * @param failures counts the calls that threw
     * @param logger   where a failure is logged
     * @param owner    what the listeners belong to, for the log
     * @return the handler
     */
    public static FailureHandler logAndCount(LongAdder failures, Logger logger, Object owner) {
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(owner, "owner");
        return (callee, failure) -> {
            failures.increment();
            logger.warn("memguard: listener {} of {} failed; memguard carries on", callee, owner, failure);
        };
    }

    /**
     * Calls {@code call} on each listener, counting in {@code failures} and logging those that throw.
     *
     * @param <L>       the listener type
     * @param listeners the listeners, in order
     * @param call      what to tell each
     * @param failures  counts the listeners that threw
     * @param logger    where a failure is logged
     * @param owner     what the listeners belong to, for the log
     */
    public static <L> void notifyEach(Iterable<L> listeners, Consumer<? super L> call, LongAdder failures,
            Logger logger, Object owner) {
        notifyEach(listeners, call, logAndCount(failures, logger, owner));
    }

    /**
     * Calls {@code call} on each listener, reporting those that throw to {@code onFailure}.
     *
     * @param <L>       the listener type
     * @param listeners the listeners, in order
     * @param call      what to tell each
     * @param onFailure counts and logs a listener that threw
     */
    public static <L> void notifyEach(Iterable<L> listeners, Consumer<? super L> call, FailureHandler onFailure) {
        VirtualMachineError fatal = null;
        for (L listener : listeners) {
            fatal = tell(listener, call, onFailure, fatal);
        }
        rethrow(fatal);
    }

    /**
     * Calls {@code call} on each listener of an array, reporting those that throw to {@code onFailure}; for a hot
     * path, where an iterator would be one allocation too many.
     *
     * @param <L>       the listener type
     * @param listeners the listeners, in order
     * @param call      what to tell each
     * @param onFailure counts and logs a listener that threw
     */
    public static <L> void notifyEach(L[] listeners, Consumer<? super L> call, FailureHandler onFailure) {
        VirtualMachineError fatal = null;
        for (L listener : listeners) {
            fatal = tell(listener, call, onFailure, fatal);
        }
        rethrow(fatal);
    }

    /**
     * Runs one callback under the same policy as {@link #notifyEach(Iterable, Consumer, FailureHandler)}.
     *
     * @param callback  the callback
     * @param onFailure counts and logs a callback that threw
     * @return {@code true} if the callback returned, {@code false} if it threw
     */
    public static boolean run(Runnable callback, FailureHandler onFailure) {
        return run(callback, Runnable::run, onFailure);
    }

    /**
     * Tells one listener under the same policy as {@link #notifyEach(Iterable, Consumer, FailureHandler)}.
     *
     * @param <L>       the listener type
     * @param listener  the listener
     * @param call      what to tell it
     * @param onFailure counts and logs a listener that threw
     * @return {@code true} if the listener returned, {@code false} if it threw
     */
    public static <L> boolean run(L listener, Consumer<? super L> call, FailureHandler onFailure) {
        return run(Consumer::accept, call, listener, listener, onFailure);
    }

    /**
     * Calls a callback of two arguments under the same policy as
     * {@link #notifyEach(Iterable, Consumer, FailureHandler)}; with {@code callback} and {@code onFailure} kept in
     * fields, calling allocates nothing, for a hot path.
     *
     * @param <A>       the type of the first argument
     * @param <B>       the type of the second argument
     * @param callback  the callback
     * @param first     its first argument
     * @param second    its second argument
     * @param onFailure counts and logs a callback that threw
     * @return {@code true} if the callback returned, {@code false} if it threw
     */
    public static <A, B> boolean run(BiConsumer<? super A, ? super B> callback, A first, B second,
            FailureHandler onFailure) {
        return run(callback, first, second, (Object) callback, onFailure);
    }

    /** Tells one listener of a list and returns the error to rethrow once all are told. */
    private static <L> @Nullable VirtualMachineError tell(L listener, Consumer<? super L> call,
            FailureHandler onFailure, @Nullable VirtualMachineError fatal) {
        Throwable failure = attempt(Consumer::accept, call, listener);
        if (failure == null) {
            return fatal;
        }
        onFailure.failed(listener, failure);
        return fatal(fatal, failure);
    }

    private static <A, B> boolean run(BiConsumer<? super A, ? super B> callback, A first, B second, Object callee,
            FailureHandler onFailure) {
        Throwable failure = attempt(callback, first, second);
        if (failure == null) {
            return true;
        }
        onFailure.failed(callee, failure);
        rethrow(fatal(null, failure));
        return false;
    }

    /** The one place memguard catches what code it does not own throws. */
    private static <A, B> @Nullable Throwable attempt(BiConsumer<? super A, ? super B> call, A first, B second) {
        try {
            call.accept(first, second);
            return null;
        }
        catch (Throwable failure) {
            return failure;
        }
    }

    /** The first {@link VirtualMachineError} seen, with the later ones suppressed in it; others are not kept. */
    private static @Nullable VirtualMachineError fatal(@Nullable VirtualMachineError first, Throwable failure) {
        if (!(failure instanceof VirtualMachineError error)) {
            return first;
        }
        if (first == null) {
            return error;
        }
        first.addSuppressed(error);
        return first;
    }

    private static void rethrow(@Nullable VirtualMachineError fatal) {
        if (fatal != null) {
            throw fatal;
        }
    }
}
