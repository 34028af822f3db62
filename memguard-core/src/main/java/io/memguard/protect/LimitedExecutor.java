package io.memguard.protect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * Runs tasks on a delegate executor while holding a permit of an {@link AdaptiveConcurrencyLimiter}: the
 * submitting thread waits for the permit, the task returns it when it ends, and a task the delegate rejects
 * returns it at once. A delegate that runs tasks inline (caller-runs) is handled too: the permit is returned
 * once, whichever way the task ends.
 */
final class LimitedExecutor implements Executor {

    private final AdaptiveConcurrencyLimiter limiter;

    private final Executor delegate;

    private final @Nullable Duration timeout;

    LimitedExecutor(AdaptiveConcurrencyLimiter limiter, Executor delegate, @Nullable Duration timeout) {
        this.limiter = limiter;
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timeout = timeout;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        acquirePermit();
        PermitHoldingTask holder = new PermitHoldingTask(task);
        try {
            delegate.execute(holder);
        }
        catch (RuntimeException | Error ex) {
            // Rejected, or run inline by the delegate and failed: either way the permit goes back once.
            holder.returnPermit();
            throw ex;
        }
    }

    private void acquirePermit() {
        try {
            if (timeout == null) {
                limiter.acquire();
            }
            else if (!limiter.tryAcquire(timeout)) {
                throw new RejectedExecutionException("No permit of concurrency limiter '" + limiter.name()
                        + "' (limit " + limiter.limit() + ") within " + timeout);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Interrupted while waiting for a permit of concurrency limiter '"
                    + limiter.name() + "'", ex);
        }
    }

    /** Runs the task, then returns the permit; whoever comes first returns it, exactly once. */
    private final class PermitHoldingTask extends AtomicBoolean implements Runnable {

        private final Runnable task;

        PermitHoldingTask(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            }
            finally {
                returnPermit();
            }
        }

        void returnPermit() {
            if (compareAndSet(false, true)) {
                limiter.release();
            }
        }
    }

    @Override
    public String toString() {
        return "LimitedExecutor[limiter=" + limiter.name() + ", delegate=" + delegate + "]";
    }
}
