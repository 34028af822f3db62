package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.memguard.protect.EffectivePressure;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestPressureMonitor;
import org.junit.jupiter.api.Test;

class OnFirstUseQuotaControllerTests {

    private final QueueExecutor background = new QueueExecutor();

    private QuotaController.Builder quotas() {
        return QuotaController.builder().globalLimit(10_000).backgroundExecutor(background);
    }

    private static OnFirstUseQuotaController onFirstUse(QuotaController controller) {
        return (OnFirstUseQuotaController) controller;
    }

    @Test
    void nothingIsMadeUntilTheFirstUseAndWhatWaitedReachesTheController() {
        RecordingQuotaListener fromBuilder = new RecordingQuotaListener();
        RecordingQuotaListener added = new RecordingQuotaListener();
        RecordingQuotaListener removed = new RecordingQuotaListener();
        QuotaController controller = QuotaController.builder().globalLimit(1_000).backgroundExecutor(Runnable::run)
                .listener(fromBuilder).buildOnFirstUse();
        AtomicInteger firstStream = new AtomicInteger();
        controller.whenFirstStreamOpened(firstStream::incrementAndGet);
        controller.addListener(added);
        controller.addListener(removed);
        controller.removeListener(removed);

        assertThat(controller.configuration().globalLimitBytes()).isEqualTo(1_000);
        assertThat(onFirstUse(controller).isMade()).as("configuration, listeners and waiting actions make nothing")
                .isFalse();
        assertThat(firstStream).hasValue(0);

        controller.stream("s").allocate("default", 980);
        assertThat(onFirstUse(controller).isMade()).isTrue();
        assertThat(firstStream).hasValue(1);
        assertThat(controller.streams()).hasSize(1);

        assertThatExceptionOfType(QuotaExceededException.class)
                .isThrownBy(() -> controller.stream("s").allocate("default", 100));
        assertThat(fromBuilder.backpressure).hasSize(1);
        assertThat(added.backpressure).hasSize(1);
        assertThat(removed.backpressure).as("a listener removed before the first use is not told").isEmpty();
    }

    @Test
    void isSubscribedAndUnsubscribedWithoutBeingMade() {
        TestPressureMonitor monitor = new TestPressureMonitor();
        QuotaController controller = quotas().buildOnFirstUse();
        EffectivePressure pressure = EffectivePressure.of(monitor);
        pressure.subscribe(controller);
        assertThat(monitor.listeners()).hasSize(1);

        controller.close();
        pressure.close();

        assertThat(monitor.listeners()).isEmpty();
        assertThat(onFirstUse(controller).isMade()).isFalse();
        assertThat(controller.stream("s").id()).as("streams stay usable after close, as on a built controller")
                .isEqualTo("s");
    }

    @Test
    void aLevelHeardBeforeTheFirstUseActsAsOnAControllerBuiltAtOnce() {
        TestPressureMonitor monitor = new TestPressureMonitor();
        QuotaController controller = quotas().buildOnFirstUse();
        EffectivePressure.of(monitor).subscribe(controller);
        monitor.setLevel(MemoryPressureLevel.CRITICAL);
        assertThat(onFirstUse(controller).isMade()).isFalse();

        admit(controller.stream("s"), "a", 2_000);
        background.runAll();
        controller.runMaintenance();
        background.runAll();

        assertThat(controller.snapshot().evictions(EvictionReason.PRESSURE_CRITICAL))
                .as("CRITICAL, heard before the controller was made, evicts what is evictable").isEqualTo(1);
    }

    @Test
    void aMonitorAlreadyAboveNoneWhenTheControllerIsMadeIsHeard() {
        TestPressureMonitor monitor = new TestPressureMonitor(MemoryPressureLevel.HIGH);
        QuotaController controller = quotas().buildOnFirstUse();
        EffectivePressure.of(monitor).subscribe(controller);

        controller.stream("s");

        assertThat(background.pending()).as("HIGH at birth asks for relief, as a built controller does at start")
                .isEqualTo(1);
    }

    @Test
    void concurrentFirstUsesMakeOneController() throws Exception {
        int threads = 8;
        QuotaController controller = QuotaController.builder().globalLimit(1 << 20)
                .backgroundExecutor(Runnable::run).buildOnFirstUse();
        AtomicInteger firstStream = new AtomicInteger();
        controller.whenFirstStreamOpened(firstStream::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<QuotaStream>> streams = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String id = "s" + i;
                streams.add(pool.submit(() -> {
                    start.await();
                    QuotaStream stream = controller.stream(id);
                    stream.allocate("default", 100);
                    return stream;
                }));
            }
            start.countDown();
            for (Future<QuotaStream> stream : streams) {
                stream.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(controller.streams()).as("every stream was opened on the one controller made").hasSize(threads);
        assertThat(controller.usedBytes()).isEqualTo(threads * 100L);
        assertThat(firstStream).as("the waiting action ran once").hasValue(1);
    }

    private static void admit(QuotaStream stream, String key, long bytes) {
        stream.admit(key, "default", bytes, 0, (entry, reason) -> {
        });
    }
}
