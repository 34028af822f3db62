package io.memguard.sample.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one body on several threads at once and rethrows the first failure (an assertion included). */
final class Contention {

    /** The body of one thread, given its index. */
    interface ThreadBody {

        void run(int thread) throws Exception;
    }

    private Contention() {
    }

    static void run(int threads, ThreadBody body) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(executor.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }
}
