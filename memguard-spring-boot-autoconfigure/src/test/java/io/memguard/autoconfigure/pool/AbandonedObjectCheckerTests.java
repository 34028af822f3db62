package io.memguard.autoconfigure.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;
import org.junit.jupiter.api.Test;

class AbandonedObjectCheckerTests {

    /** A borrowed object counts as abandoned after a millisecond. */
    private final ObjectPoolRegistry registry = new ObjectPoolRegistry(
            new ObjectPoolRegistry.Defaults(2, Duration.ZERO, Duration.ofMillis(1), false, 0.5));

    private final AbandonedObjectChecker checker = new AbandonedObjectChecker(registry, Duration.ofMillis(10));

    @Test
    void startsItsThreadWithTheFirstPoolRegisteredAndChecksItThen() throws Exception {
        checker.start();
        assertThat(checker.isRunning()).isTrue();
        assertThat(checker.isChecking()).as("no pool, no thread").isFalse();

        CountDownLatch abandoned = new CountDownLatch(1);
        registry.addListener((object) -> abandoned.countDown());
        ObjectPool<Object> pool = registry.builder("objects", Object::new).build();
        pool.borrow();

        assertThat(checker.isChecking()).isTrue();
        assertThat(abandoned.await(1, TimeUnit.MINUTES)).as("the borrowed object found abandoned").isTrue();
        checker.stop();
        assertThat(checker.isRunning()).isFalse();
        assertThat(checker.isChecking()).isFalse();
    }

    @Test
    void aPoolRegisteredWhileStoppedStartsNothingUntilTheCheckerStartsAgain() {
        checker.start();
        checker.stop();
        registry.builder("objects", Object::new).build();
        assertThat(checker.isChecking()).isFalse();

        checker.start();
        assertThat(checker.isChecking()).as("a pool is registered already").isTrue();
        checker.stop();
    }
}
