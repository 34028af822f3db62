package io.memguard.autoconfigure.diagnostics;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.StartupFailures;
import io.memguard.diagnostics.OutOfMemoryDetector;
import io.memguard.spring.event.MemoryExhaustedEvent;
import io.memguard.spring.event.OutOfMemoryLivenessPublisher;
import io.memguard.spring.metrics.OutOfMemoryMetrics;

class OutOfMemoryAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                    OutOfMemoryAutoConfiguration.class))
            .withUserConfiguration(ExhaustedCapture.class);

    @Test
    void anOutOfMemoryErrorBreaksLivenessAndIsPublishedAndCounted() {
        runner.run(context -> {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            OutOfMemoryDetector detector = context.getBean(OutOfMemoryDetector.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(OutOfMemoryMetrics.class).bindTo(registry);
            startedCorrectly(context);

            swallowInAnotherThread(detector);

            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
            assertThat(context.getBean(ExhaustedCapture.class).events).singleElement().satisfies(event -> {
                assertThat(event.getSource()).isSameAs(detector);
                assertThat(event.getDetection().evidence()).contains("Java heap space");
            });
            assertThat(registry.get("memguard.memory.exhausted").functionCounter().count()).isEqualTo(1);
        });
    }

    @Test
    void livenessIsLeftAloneWhenTurnedOff() {
        runner.withPropertyValues("memguard.out-of-memory.liveness-broken=false").run(context -> {
            assertThat(context).doesNotHaveBean(OutOfMemoryLivenessPublisher.class);
            startedCorrectly(context);

            swallowInAnotherThread(context.getBean(OutOfMemoryDetector.class));

            assertThat(context.getBean(ApplicationAvailability.class).getLivenessState())
                    .isEqualTo(LivenessState.CORRECT);
            assertThat(context.getBean(ExhaustedCapture.class).events).hasSize(1);
        });
    }

    @Test
    void aThrowingEventListenerDoesNotKeepLivenessFromBreaking() {
        runner.withUserConfiguration(ThrowingListener.class).run(context -> {
            OutOfMemoryDetector detector = context.getBean(OutOfMemoryDetector.class);
            startedCorrectly(context);

            swallowInAnotherThread(detector);

            assertThat(context.getBean(ApplicationAvailability.class).getLivenessState())
                    .isEqualTo(LivenessState.BROKEN);
            assertThat(detector.listenerFailures()).isOne();
        });
    }

    @Test
    void nothingWhenDetectionOrMemguardIsDisabled() {
        runner.withPropertyValues("memguard.out-of-memory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OutOfMemoryDetector.class)
                        .doesNotHaveBean(OutOfMemoryLivenessPublisher.class));
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OutOfMemoryDetector.class));
    }

    @Test
    void unregistersWhenTheContextCloses() {
        runner.run(context -> {
            OutOfMemoryDetector detector = context.getBean(OutOfMemoryDetector.class);
            ExhaustedCapture capture = context.getBean(ExhaustedCapture.class);
            context.close();

            detector.report(new OutOfMemoryError());

            assertThat(capture.events).isEmpty();
            assertThat(detector.listenerFailures()).isZero();
        });
    }

    @Test
    void refusesANonPositiveCheckInterval() {
        runner.withPropertyValues("memguard.out-of-memory.check-interval=0s").run(context -> assertInvalidProperty(
                context, "memguard.out-of-memory.check-interval", "PT0S", "must be a positive duration, such as 1s"));
    }

    @Test
    void turnsOnTheJvmHeapDumpWhenADirectoryIsGiven(@TempDir Path directory) {
        assumeTrue(OutOfMemoryDetector.heapDumpFile().isEmpty(), "this JVM already writes a heap dump");
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String path = hotSpot.getVMOption("HeapDumpPath").getValue();
        try {
            runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=" + directory.resolve("dumps"))
                    .run(context -> assertThat(context.getBean(OutOfMemoryDetector.class).watchedHeapDump())
                            .hasValueSatisfying(dump -> assertThat(dump.getParent())
                                    .isEqualTo(directory.resolve("dumps")).isDirectory()));
        }
        finally {
            hotSpot.setVMOption("HeapDumpOnOutOfMemoryError", "false");
            hotSpot.setVMOption("HeapDumpPath", path);
        }
    }

    @Test
    void anEmptyHeapDumpDirectoryChangesNoJvmFlag() {
        assumeTrue(OutOfMemoryDetector.heapDumpFile().isEmpty(), "this JVM already writes a heap dump");
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=").run(context -> {
            assertThat(context.getBean(OutOfMemoryProperties.class).getHeapDumpDirectory()).isNull();
            assertThat(context.getBean(OutOfMemoryDetector.class).watchedHeapDump()).isEmpty();
        });
        assertThat(OutOfMemoryDetector.heapDumpFile()).isEmpty();
    }

    @Test
    void refusesAHeapDumpDirectoryThatCannotBeCreated(@TempDir Path directory) throws IOException {
        assumeTrue(OutOfMemoryDetector.heapDumpFile().isEmpty(), "this JVM already writes a heap dump");
        Path file = Files.writeString(directory.resolve("a-file"), "not a directory");
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=" + file.resolve("dumps"))
                .run(context -> StartupFailures.assertRejectedValue(context,
                        "memguard.out-of-memory.heap-dump-directory", file.resolve("dumps").toString(),
                        "cannot write heap dumps there ("));
        assertThat(OutOfMemoryDetector.heapDumpFile()).isEmpty();
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).hasSingleBean(OutOfMemoryDetector.class)
                        .doesNotHaveBean(OutOfMemoryMetrics.class));
    }

    @Test
    void theCounterIsScrapedAsATotal() {
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(Clock.systemUTC())) {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new OutOfMemoryMetrics(detector).bindTo(prometheus);
            detector.report(new OutOfMemoryError());
            assertThat(prometheus.scrape()).contains("memguard_memory_exhausted_total 1.0");
        }
    }

    /** What SpringApplication publishes once the context has started; the runner does not. */
    private static void startedCorrectly(ApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        assertThat(context.getBean(ApplicationAvailability.class).getLivenessState())
                .isEqualTo(LivenessState.CORRECT);
    }

    /** A pool thread's error caught by an error handler that tells memguard, and goes on. */
    private static void swallowInAnotherThread(OutOfMemoryDetector detector) throws InterruptedException {
        Thread thread = new Thread(() -> {
            try {
                throw new OutOfMemoryError("Java heap space");
            }
            catch (OutOfMemoryError swallowed) {
                detector.report(swallowed);
            }
        });
        thread.start();
        thread.join();
    }

    @Configuration(proxyBeanMethods = false)
    static class ExhaustedCapture implements ApplicationListener<MemoryExhaustedEvent> {

        final List<MemoryExhaustedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MemoryExhaustedEvent event) {
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThrowingListener implements ApplicationListener<MemoryExhaustedEvent> {

        @Override
        public void onApplicationEvent(MemoryExhaustedEvent event) {
            throw new IllegalStateException("pager down");
        }
    }
}
