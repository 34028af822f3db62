package io.memguard.autoconfigure.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LowMemoryMode;
import io.memguard.quota.EvictionPolicy;
import io.memguard.quota.EvictionReason;
import io.memguard.quota.QuotaConfiguration;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.quota.QuotaController.RateLimit;
import io.memguard.quota.QuotaExceededException;
import io.memguard.quota.QuotaListener;
import io.memguard.quota.QuotaStream;
import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.spring.actuate.QuotaEndpointSection;
import io.memguard.spring.event.QuotaBackpressureEvent;
import io.memguard.spring.event.QuotaEventPublisher;
import io.memguard.spring.event.QuotaEvictionEvent;
import io.memguard.spring.event.QuotaLeakSuspectedEvent;
import io.memguard.spring.metrics.QuotaMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.quota.QuotaController.RateLimit;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import java.util.ArrayDeque;
import java.util.Deque;

class QuotaAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class, QuotaAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory");

    @Test
    void theControllerStartsNoThreadUntilItIsFirstUsed() {
        Set<Thread> before = quotaThreads();
        runner.run(context -> {
            QuotaController controller = context.getBean(QuotaController.class);
            assertThat(controller.configuration().globalLimitBytes()).isPositive();
            assertThat(newThreads(before)).as("no maintenance thread at start-up: nothing uses quotas yet").isEmpty();

            controller.stream("camera-7");

            assertThat(newThreads(before)).as("made on the first use, with its maintenance thread").hasSize(1);
        });
    }

    /** The live threads of quota controllers; one that ends meanwhile is left out of the later count anyway. */
    private static Set<Thread> quotaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter((thread) -> thread.getName().equals("memguard-quota") && thread.isAlive())
                .collect(Collectors.toSet());
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = quotaThreads();
        now.removeAll(before);
        return now;
    }

    @Test
    void exportsNoMetersUntilTheFirstStreamIsOpened() {
        runner.run(context -> {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            QuotaMetrics metrics = context.getBean(QuotaMetrics.class);
            metrics.bindTo(registry);
            assertThat(registry.find(QuotaMetrics.USED).meters()).isEmpty();
            assertThat(registry.scrape()).doesNotContain("memguard_quota");

            context.getBean(QuotaController.class).stream("camera-7").allocate("default", 4096);

            assertThat(registry.find(QuotaMetrics.USED).meters()).hasSize(1);
            assertThat(registry.scrape()).contains("memguard_quota_used_bytes 4096.0")
                    .contains("memguard_quota_stream_used_bytes{stream=\"camera-7\"} 4096.0");
        });
    }

    @Test
    void byDefaultTheControllerItsEventsMetricsAndEndpointSectionAreConfigured() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(QuotaController.class).hasSingleBean(QuotaEventPublisher.class)
                    .hasSingleBean(QuotaMetrics.class).hasSingleBean(QuotaEndpointSection.class);
            assertThat(context.getBean(MemoryEndpointSection.class).name()).isEqualTo("quotas");
            QuotaConfiguration configuration = context.getBean(QuotaController.class).configuration();
            assertThat(configuration.globalLimitBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
            assertThat(new double[] { configuration.softThreshold(), configuration.hardThreshold(),
                    configuration.criticalThreshold() }).containsExactly(0.80, 0.95, 0.98);
            assertThat(configuration.defaultStreamLimitBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(configuration.components()).containsExactly("default");
            assertThat(configuration.overLimitAction()).isEqualTo(OverLimitAction.EVICT);
            assertThat(configuration.evictionPolicy()).isSameAs(EvictionPolicy.lru());
            assertThat(configuration.evictionHeadroom()).isEqualTo(0.05);
            assertThat(configuration.minimumRetention()).isZero();
            assertThat(configuration.streamRateLimit()).isNull();
            assertThat(configuration.globalRateLimit()).isNull();
            assertThat(configuration.leakThresholdBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(configuration.leakWindow()).isEqualTo(Duration.ofMinutes(5));
            assertThat(configuration.maintenanceInterval()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void everyPropertyIsApplied() {
        runner.withPropertyValues("memguard.quota.global-limit=100MB", "memguard.quota.global-limit-ratio=0.1",
                "memguard.quota.default-stream-limit=2MB", "memguard.quota.stream-limits.camera-1=8MB",
                "memguard.quota.components=frames,gop,packets,metadata", "memguard.quota.over-limit=reject",
                "memguard.quota.maintenance-interval=250ms", "memguard.quota.thresholds.soft=0.5",
                "memguard.quota.thresholds.hard=0.6", "memguard.quota.thresholds.critical=0.7",
                "memguard.quota.eviction.policy=priority", "memguard.quota.eviction.protected-priority=7",
                "memguard.quota.eviction.headroom=0.2", "memguard.quota.eviction.minimum-retention=2s",
                "memguard.quota.eviction.minimum-retention-at-critical=true",
                "memguard.quota.rate-limit.stream.bytes-per-second=1MB", "memguard.quota.rate-limit.stream.burst=64KB",
                "memguard.quota.rate-limit.global.bytes-per-second=10MB", "memguard.quota.leak.threshold=1MB",
                "memguard.quota.leak.window=30s", "management.endpoint.memory.quotas.top-streams=3",
                "memguard.quota.metrics.top-streams=2").run(context -> {
                    QuotaConfiguration configuration = context.getBean(QuotaController.class).configuration();
                    assertThat(configuration.globalLimitBytes()).as("global-limit wins over the ratio")
                            .isEqualTo(100L << 20);
                    assertThat(configuration.defaultStreamLimitBytes()).isEqualTo(2L << 20);
                    assertThat(configuration.streamLimits()).containsExactly(Map.entry("camera-1", 8L << 20));
                    assertThat(configuration.components()).containsExactly("frames", "gop", "packets", "metadata");
                    assertThat(configuration.overLimitAction()).isEqualTo(OverLimitAction.REJECT);
                    assertThat(configuration.maintenanceInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(new double[] { configuration.softThreshold(), configuration.hardThreshold(),
                            configuration.criticalThreshold() }).containsExactly(0.5, 0.6, 0.7);
                    assertThat(configuration.evictionPolicy().name()).isEqualTo("priority");
                    assertThat(configuration.evictionHeadroom()).isEqualTo(0.2);
                    assertThat(configuration.minimumRetention()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(configuration.minimumRetentionAtCritical()).isTrue();
                    assertThat(configuration.streamRateLimit()).isEqualTo(new RateLimit(1L << 20, 64L << 10));
                    assertThat(configuration.globalRateLimit()).as("burst defaults to one second")
                            .isEqualTo(new RateLimit(10L << 20, 10L << 20));
                    assertThat(configuration.leakThresholdBytes()).isEqualTo(1L << 20);
                    assertThat(configuration.leakWindow()).isEqualTo(Duration.ofSeconds(30));
                    QuotaController controller = context.getBean(QuotaController.class);
                    for (int i = 1; i <= 5; i++) {
                        controller.stream("s" + i).allocate("frames", i);
                    }
                    assertThat(context.getBean(QuotaEndpointSection.class).describe().topStreams()).hasSize(3);
                });
    }

    @Test
    void aNegativeTopStreamsOfTheQuotasSectionFailsStartUpNamingThePropertyItsValueAndTheFix() {
        runner.withPropertyValues("management.endpoint.memory.quotas.top-streams=-1").run((context) -> {
            assertThat(context).hasFailed();
            BindException bind = findCause(context.getStartupFailure(), BindException.class);
            assertThat(bind.getName().toString()).isEqualTo("management.endpoint.memory.quotas");
            assertThat(bind.getProperty()).isNotNull();
            assertThat(bind.getProperty().getName().toString())
                    .isEqualTo("management.endpoint.memory.quotas.top-streams");
            assertThat(bind.getProperty().getValue()).isEqualTo("-1");
            assertThat(StartupFailures.rootCauseOf(context)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'topStreams' must not be negative: use 0 or more");
        });
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    @Test
    void theGlobalLimitRatioAppliesWhenNoSizeIsSet() {
        runner.withPropertyValues("memguard.quota.global-limit-ratio=0.25").run(context -> assertThat(
                context.getBean(QuotaController.class).configuration().globalLimitBytes())
                .isEqualTo((long) Math.floor(0.25 * Runtime.getRuntime().maxMemory())));
    }

    @Test
    void theProtectedPriorityReachesThePriorityPolicy() {
        runner.withPropertyValues("memguard.quota.global-limit=10KB", "memguard.quota.default-stream-limit=1KB",
                "memguard.quota.eviction.policy=priority", "memguard.quota.eviction.protected-priority=5")
                .run(context -> {
                    QuotaStream stream = context.getBean(QuotaController.class).stream("s");
                    stream.admit("protected", "default", 600, 6, (entry, reason) -> {
                    });
                    assertThatExceptionOfType(QuotaExceededException.class)
                            .isThrownBy(() -> stream.allocate("default", 500));
                });
    }

    @Test
    void memguardEnabledFalseTurnsQuotasOff() {
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(QuotaController.class)
                        .doesNotHaveBean(QuotaMetrics.class).doesNotHaveBean(QuotaEndpointSection.class));
    }

    @Test
    void memguardQuotaEnabledFalseTurnsQuotasOff() {
        runner.withPropertyValues("memguard.quota.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(QuotaController.class)
                        .doesNotHaveBean(QuotaProperties.class).doesNotHaveBean(QuotaEventPublisher.class));
    }

    @Test
    void withoutTheCoreQuotaClassesNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(QuotaController.class))
                .run(context -> assertThat(context).doesNotHaveBean(QuotaProperties.class));
    }

    @Test
    void withoutMicrometerThereAreNoMetrics() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasSingleBean(QuotaController.class)
                        .doesNotHaveBean(QuotaMetrics.class));
    }

    @Test
    void withoutActuatorThereIsNoEndpointSection() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasSingleBean(QuotaController.class)
                        .doesNotHaveBean(QuotaEndpointSection.class));
    }

    @Test
    void aUserControllerReplacesOursAndIsUsedByTheMetricsAndTheSection() {
        runner.withUserConfiguration(UserControllerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(QuotaController.class);
            QuotaController controller = context.getBean(QuotaController.class);
            assertThat(controller.configuration().globalLimitBytes()).isEqualTo(12_345);
            assertThat(context.getBean(QuotaEndpointSection.class).describe().limitBytes()).isEqualTo(12_345);
        });
    }

    @Test
    void userMetricsAndSectionBeansReplaceOurs() {
        runner.withUserConfiguration(UserMetricsAndSectionConfiguration.class).run(context -> {
            assertThat(context.getBean(QuotaMetrics.class)).isSameAs(context.getBean("customMetrics"));
            assertThat(context.getBean(QuotaEndpointSection.class)).isSameAs(context.getBean("customSection"));
        });
    }

    @Test
    void anEvictionPolicyBeanReplacesTheProperty() {
        runner.withUserConfiguration(PolicyConfiguration.class).withPropertyValues("memguard.quota.eviction.policy=lru")
                .run(context -> assertThat(context.getBean(QuotaController.class).configuration().evictionPolicy())
                        .isSameAs(PolicyConfiguration.POLICY));
    }

    @Test
    void theControllerIsSubscribedToThePressureMonitorUntilTheContextCloses() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        runner.withBean(MemoryPressureMonitor.class, () -> monitor)
                .withPropertyValues("memguard.quota.global-limit=10000B").run(context -> {
                    QuotaController controller = context.getBean(QuotaController.class);
                    assertThat(context.getBeanFactory().getDependentBeans("quotaController"))
                            .contains("memguardPressureAwareBeans");
                    QuotaStream stream = controller.stream("s");
                    stream.admit("chunk", "default", 1_000, 0, (entry, reason) -> {
                    });
                    monitor.setLevel(MemoryPressureLevel.CRITICAL);
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(controller.snapshot()
                                    .evictions(EvictionReason.PRESSURE_CRITICAL)).isEqualTo(1));
                });
        assertThat(monitor.listeners()).as("every listener leaves with the context").isEmpty();
    }

    @Test
    void evictionsBackpressureAndLeaksArePublishedAsSpringEvents() {
        runner.withUserConfiguration(RecordingEventsConfiguration.class)
                .withPropertyValues("memguard.quota.global-limit=10000B", "memguard.quota.default-stream-limit=2000B")
                .run(context -> {
                    List<ApplicationEvent> events = context.getBean(RecordingEventsConfiguration.class).events;
                    QuotaController controller = context.getBean(QuotaController.class);
                    QuotaStream stream = controller.stream("s");
                    stream.admit("old", "default", 1_500, 0, (entry, reason) -> {
                    });
                    stream.admit("new", "default", 1_500, 0, (entry, reason) -> {
                    }).release();
                    for (int i = 0; i < 5; i++) {
                        controller.stream("filler-" + i).allocate("default", 1_960);
                    }
                    assertThatExceptionOfType(QuotaExceededException.class)
                            .isThrownBy(() -> controller.stream("late"));
                    controller.stream("filler-0").close();

                    assertThat(events).hasExactlyElementsOfTypes(QuotaEvictionEvent.class,
                            QuotaBackpressureEvent.class, QuotaLeakSuspectedEvent.class);
                    assertThat(((QuotaEvictionEvent) events.get(0)).getBatch().entries()).singleElement()
                            .satisfies(entry -> assertThat(entry.key()).isEqualTo("old"));
                    assertThat(((QuotaBackpressureEvent) events.get(1)).getRejection().stream()).isEqualTo("late");
                    assertThat(((QuotaLeakSuspectedEvent) events.get(2)).getLeak().bytes()).isEqualTo(1_960);
                });
    }

    @Test
    void anEventListenerThatThrowsIsCountedAndTheControllerCarriesOn() {
        runner.withUserConfiguration(FailingListenerConfiguration.class).withPropertyValues(
                "memguard.quota.global-limit=10000B").run(context -> {
                    QuotaController controller = context.getBean(QuotaController.class);
                    controller.stream("s").allocate("default", 9_800);
                    assertThatExceptionOfType(QuotaExceededException.class)
                            .isThrownBy(() -> controller.stream("s").allocate("default", 1));
                    assertThat(controller.snapshot().callbackFailures()).isEqualTo(1);
                    controller.stream("s").release("default", 9_800);
                    assertThat(controller.usedBytes()).isZero();
                });
    }

    @Test
    void quotaListenerBeansAreTold() {
        runner.withUserConfiguration(QuotaListenerConfiguration.class)
                .withPropertyValues("memguard.quota.global-limit=10000B").run(context -> {
                    QuotaController controller = context.getBean(QuotaController.class);
                    controller.stream("s").allocate("default", 9_800);
                    assertThatExceptionOfType(QuotaExceededException.class)
                            .isThrownBy(() -> controller.stream("t"));
                    assertThat(context.getBean(QuotaListenerConfiguration.class).backpressure).containsExactly("t");
                });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            memguard.quota.global-limit                       | 0B    | 0B         | globalLimit must be positive, was 0
            memguard.quota.global-limit-ratio                 | 1.5   | 1.5        | globalLimitRatio must be a ratio of the max heap in (0, 1], was 1.5; use for example 0.5 for half the heap
            memguard.quota.default-stream-limit               | -1MB  | -1048576B  | defaultStreamLimit must be positive, was -1048576
            memguard.quota.components                         | a,a   | [a, a]     | components must be unique, but 'a' is declared twice in [a, a]
            memguard.quota.thresholds.soft                    | 0.96  | 0.96       | must be below memguard.quota.thresholds.hard (0.95): the thresholds increase, soft < hard < critical
            memguard.quota.thresholds.critical                | 1.2   | 1.2        | must be a ratio above 0 and at most 1, such as 0.98
            memguard.quota.eviction.headroom                  | 0.6   | 0.6        | evictionHeadroom must be a fraction of the stream's limit in [0, 0.5], was 0.6
            memguard.quota.eviction.minimum-retention         | -1s   | PT-1S      | minimumRetention must not be negative, was PT-1S
            memguard.quota.rate-limit.stream.bytes-per-second | 0B    | 0B         | must be positive, such as 10MB, or unset for no limit
            memguard.quota.rate-limit.global.burst            | 1MB   | 1048576B   | needs a rate: set memguard.quota.rate-limit.global.bytes-per-second too
            memguard.quota.leak.threshold                     | -1B   | -1B        | must be zero or a positive size, such as 64MB
            memguard.quota.leak.window                        | 0s    | PT0S       | must be a positive duration, such as 5m
            memguard.quota.maintenance-interval               | 0ms   | PT0S       | maintenanceInterval must be a positive duration, was PT0S
            memguard.quota.metrics.top-streams                | -2    | -2         | must be at least 0
            """)
    void aBadValueFailsStartUpNamingThePropertyItsValueAndTheReason(String property, String value, String bound,
            String reason) {
        StartupFailures.assertInvalidProperty(runner, property, bound, reason, property + "=" + value);
    }

    @Test
    void aBadStreamLimitIsReportedUnderTheMapOfLimits() {
        runner.withPropertyValues("memguard.quota.stream-limits.camera-1=0B").run((context) -> assertThat(
                StartupFailures.analysisOf(context).getDescription()).contains("Property: memguard.quota.stream-limits" + System.lineSeparator(),
                        "Value: \"{camera-1=0B}\"", "Reason: limit of stream 'camera-1' must be positive, was 0"));
    }

    @Test
    void aRateWithoutABurstOrABurstOfZeroIsRefused() {
        StartupFailures.assertInvalidProperty(runner, "memguard.quota.rate-limit.stream.burst", "0B",
                "must be positive, such as 1MB, or unset to allow one second's worth",
                "memguard.quota.rate-limit.stream.bytes-per-second=1MB", "memguard.quota.rate-limit.stream.burst=0B");
    }

    @Configuration(proxyBeanMethods = false)
    static class UserControllerConfiguration {

        @Bean
        QuotaController userQuotaController() {
            return QuotaController.builder().globalLimit(12_345).backgroundExecutor(Runnable::run).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserMetricsAndSectionConfiguration {

        @Bean
        QuotaMetrics customMetrics(QuotaController controller) {
            return new QuotaMetrics(controller, 1, null);
        }

        @Bean
        QuotaEndpointSection customSection(QuotaController controller) {
            return new QuotaEndpointSection(controller, 1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PolicyConfiguration {

        static final EvictionPolicy POLICY = (a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes());

        @Bean
        EvictionPolicy largestFirst() {
            return POLICY;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingEventsConfiguration {

        final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<ApplicationEvent> recorder() {
            return event -> {
                if (event instanceof QuotaEvictionEvent || event instanceof QuotaBackpressureEvent
                        || event instanceof QuotaLeakSuspectedEvent) {
                    events.add(event);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingListenerConfiguration {

        @Bean
        ApplicationListener<QuotaBackpressureEvent> failing() {
            return event -> {
                throw new IllegalStateException("listener bug");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class QuotaListenerConfiguration {

        final List<String> backpressure = new CopyOnWriteArrayList<>();

        @Bean
        QuotaListener recordingQuotaListener() {
            return new QuotaListener() {
                @Override
                public void onBackpressure(io.memguard.quota.QuotaRejection rejection) {
                    backpressure.add(rejection.stream());
                }
            };
        }
    }

    @Test
    void lowMemoryModeEvictsToTheSoftThreshold() {
        Deque<Runnable> background = new ArrayDeque<>();
        QuotaController controller = QuotaController.builder().globalLimit(10_000).backgroundExecutor(background::add)
                .build();
        runner.withConfiguration(AutoConfigurations.of(LowMemoryModeAutoConfiguration.class))
                .withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE))
                .withBean(QuotaController.class, () -> controller).run(context -> {
                    QuotaStream stream = controller.stream("s");
                    stream.admit("old", "default", 4_500, 0, (entry, reason) -> {
                    });
                    stream.admit("new", "default", 4_500, 0, (entry, reason) -> {
                    });
                    background.clear(); // the background eviction above the soft threshold is not under test here

                    context.getBean(LowMemoryMode.class).forceOn();
                    assertThat(background).hasSize(1);
                    background.poll().run();

                    assertThat(controller.snapshot().evictions(EvictionReason.PRESSURE_HIGH)).isEqualTo(1);
                    assertThat(controller.usedBytes()).isEqualTo(4_500);
                    assertThat(((QuotaEndpointSection.QuotasDescriptor) context.getBean(QuotaEndpointSection.class)
                            .describe()).evictions()).containsEntry("pressure-high", 1L);
                });
    }
}
