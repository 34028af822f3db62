package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class QuotaControllerFirstStreamTests {

    @Test
    void actionsWaitForTheFirstStreamAndRunOnce() {
        try (QuotaController controller = QuotaController.builder().globalLimit(1 << 20)
                .backgroundExecutor(Runnable::run).build()) {
            AtomicInteger runs = new AtomicInteger();
            controller.whenFirstStreamOpened(runs::incrementAndGet);
            controller.snapshot();
            controller.findStream("s");
            controller.runMaintenance();
            assertThat(runs).as("reading, looking up and maintaining are not uses").hasValue(0);

            controller.stream("s").allocate("default", 10);
            controller.stream("s").allocate("default", 10);
            controller.stream("t");
            assertThat(runs).hasValue(1);
            controller.whenFirstStreamOpened(runs::incrementAndGet);
            assertThat(runs).as("an action added after the first stream runs at once").hasValue(2);
        }
    }

    @Test
    void aFailingActionIsCountedAndTheStreamStillOpens() {
        try (QuotaController controller = QuotaController.builder().globalLimit(1000)
                .backgroundExecutor(Runnable::run).build()) {
            AtomicInteger runs = new AtomicInteger();
            controller.whenFirstStreamOpened(() -> {
                runs.incrementAndGet();
                throw new IllegalStateException("boom");
            });
            assertThat(controller.stream("s").id()).isEqualTo("s");
            assertThat(runs).hasValue(1);
            assertThat(controller.snapshot().callbackFailures()).as("a failing action is counted, not thrown")
                    .isEqualTo(1);
        }
    }
}
