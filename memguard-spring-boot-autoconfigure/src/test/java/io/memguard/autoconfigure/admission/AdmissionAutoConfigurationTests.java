package io.memguard.autoconfigure.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.RouteCosts;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.AdaptiveConcurrencyAutoConfiguration;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.protect.AdaptiveConcurrencyLimiter;
import io.memguard.spring.actuate.AdmissionEndpointSection;
import io.memguard.spring.metrics.AdmissionMetrics;
import io.memguard.spring.web.AdmissionInterceptor;
import io.memguard.spring.web.AdmissionWebFilter;
import io.memguard.spring.web.RequestAdmission;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class AdmissionAutoConfigurationTests {

    private static final AutoConfigurations ADMISSION = AutoConfigurations.of(MemguardAutoConfiguration.class,
            AdmissionAutoConfiguration.class,
            AdaptiveConcurrencyAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ADMISSION)
            .withBean(ManualMemoryPressureMonitor.class);

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(ADMISSION)
            .withBean(ManualMemoryPressureMonitor.class);

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(ADMISSION).withBean(ManualMemoryPressureMonitor.class);

    @Test
    void onByDefaultOpenAtTheHeapsSizeWithTheModerateThresholdAsTarget() {
        servlet.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
            AdmissionController controller = context.getBean(AdmissionController.class);
            assertThat(controller.limit()).isEqualTo(Runtime.getRuntime().maxMemory());
            assertThat(controller.snapshot().minLimit()).isEqualTo((long) (Runtime.getRuntime().maxMemory() * 0.03));
            assertThat(controller.snapshot().target()).isEqualTo(0.75);
            assertThat(controller.snapshot().queueCapacity()).isEqualTo(64);
            assertThat(context).hasSingleBean(AdmissionInterceptor.class).hasSingleBean(AdmissionMetrics.class)
                    .hasSingleBean(AdmissionEndpointSection.class).doesNotHaveBean(AdmissionWebFilter.class);
            assertThat(context.getBean(RequestAdmission.class).retryAfterSeconds()).isEqualTo("1");
        });
    }

    @Test
    void aReactiveApplicationGetsTheWebFilter() {
        reactive.run((context) -> assertThat(context).hasSingleBean(AdmissionWebFilter.class)
                .doesNotHaveBean(AdmissionInterceptor.class));
    }

    @Test
    void aNonWebApplicationKeepsTheControllerForItsExecutorsOnly() {
        runner.run((context) -> assertThat(context).hasSingleBean(AdmissionController.class)
                .hasSingleBean(RouteCosts.class).doesNotHaveBean(RequestAdmission.class)
                .doesNotHaveBean(AdmissionInterceptor.class));
    }

    @Test
    void theConcurrencyLimiterFollowsTheAdmissionLimitInsteadOfThePressureLevel() {
        runner.withPropertyValues("memguard.concurrency.min-concurrency=4", "memguard.concurrency.max-concurrency=64")
                .run((context) -> {
                    assertThat(context).hasBean("adaptiveConcurrencyAdmissionRegistration");
                    AdmissionController controller = context.getBean(AdmissionController.class);
                    AdaptiveConcurrencyLimiter limiter = context.getBean(AdaptiveConcurrencyLimiter.class);
                    context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.CRITICAL);
                    assertThat(limiter.limit()).as("the pressure level no longer sets the limit").isEqualTo(64);
                    controller.onSnapshot(heapAfterGc(0.9));
                    assertThat(limiter.limit()).isEqualTo(AdaptiveConcurrencyLimiter.limitFor(controller.openness(),
                            4, 64)).isLessThan(64);
                });
    }

    @Test
    void offItLeavesTheConcurrencyLimiterOnThePressureLevel() {
        servlet.withPropertyValues("memguard.admission.enabled=false", "memguard.concurrency.min-concurrency=4",
                "memguard.concurrency.max-concurrency=64").run((context) -> {
                    assertThat(context).doesNotHaveBean(AdmissionController.class)
                            .doesNotHaveBean(AdmissionInterceptor.class);
                    context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.CRITICAL);
                    assertThat(context.getBean(AdaptiveConcurrencyLimiter.class).limit()).isEqualTo(4);
                });
    }

    @Test
    void bindsEveryProperty() {
        servlet.withPropertyValues("memguard.admission.target=0.6", "memguard.admission.hysteresis=0.1",
                "memguard.admission.horizon=0s", "memguard.admission.decrease-factor=0.5",
                "memguard.admission.increase-per-second=0.1", "memguard.admission.cut-cooldown=1s",
                "memguard.admission.max-limit-ratio=0.5", "memguard.admission.min-limit-ratio=0.25",
                "memguard.admission.retry-after=3s", "memguard.admission.queue.timeout=10ms",
                "memguard.admission.queue.capacity=2", "memguard.admission.routes.max=3",
                "memguard.admission.routes.smoothing=1", "memguard.admission.routes.default-cost=1KB",
                "memguard.admission.routes.body-factor=2", "memguard.admission.priority.header=X-Priority",
                "memguard.admission.priority.low-paths=/imports/**",
                "memguard.admission.priority.high-paths=/checkout/**",
                "memguard.admission.excluded-paths=/internal/**").run((context) -> {
                    AdmissionProperties properties = context.getBean(AdmissionProperties.class);
                    assertThat(properties.getPriority().getLowPaths()).containsExactly("/imports/**");
                    AdmissionController controller = context.getBean(AdmissionController.class);
                    long heap = Runtime.getRuntime().maxMemory();
                    assertThat(controller.limit()).isEqualTo((long) (heap * 0.5));
                    assertThat(controller.snapshot().minLimit()).isEqualTo((long) (heap * 0.25));
                    assertThat(controller.snapshot().target()).isEqualTo(0.6);
                    assertThat(controller.snapshot().queueCapacity()).isEqualTo(2);
                    controller.onSnapshot(heapAfterGc(0.65));
                    assertThat(controller.limit()).as("cut by half at the 0.6 target").isEqualTo((long) (heap * 0.25));
                    RouteCosts costs = context.getBean(RouteCosts.class);
                    assertThat(costs.maxRoutes()).isEqualTo(3);
                    assertThat(costs.expectedCost(costs.route("/x"), -1)).isEqualTo(1024);
                    assertThat(costs.expectedCost(costs.route("/x"), 100)).isEqualTo(200);
                    assertThat(context.getBean(RequestAdmission.class).retryAfterSeconds()).isEqualTo("3");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "memguard.admission.target=1.0 | memguard.admission.target",
        "memguard.admission.target=0 | memguard.admission.target",
        "memguard.admission.hysteresis=-0.1 | memguard.admission.hysteresis",
        "memguard.admission.hysteresis=0.8 | memguard.admission.hysteresis",
        "memguard.admission.horizon=-1s | memguard.admission.horizon",
        "memguard.admission.decrease-factor=1 | memguard.admission.decrease-factor",
        "memguard.admission.increase-per-second=0 | memguard.admission.increase-per-second",
        "memguard.admission.cut-cooldown=-1ms | memguard.admission.cut-cooldown",
        "memguard.admission.max-limit-ratio=1.5 | memguard.admission.max-limit-ratio",
        "memguard.admission.min-limit-ratio=0 | memguard.admission.min-limit-ratio",
        "memguard.admission.retry-after=0s | memguard.admission.retry-after",
        "memguard.admission.queue.timeout=-5ms | memguard.admission.queue.timeout",
        "memguard.admission.queue.capacity=-1 | memguard.admission.queue.capacity",
        "memguard.admission.routes.max=0 | memguard.admission.routes.max",
        "memguard.admission.routes.smoothing=2 | memguard.admission.routes.smoothing",
        "memguard.admission.routes.default-cost=0B | memguard.admission.routes.default-cost",
        "memguard.admission.routes.body-factor=0.5 | memguard.admission.routes.body-factor",
        "memguard.admission.priority.header= | memguard.admission.priority.header",
        "memguard.admission.priority.low-paths=/a/**/b | memguard.admission.priority.low-paths",
        "memguard.admission.excluded-paths=/a/**/b | memguard.admission.excluded-paths",
    })
    void aWrongValueFailsStartUpNamingTheProperty(String setting, String property) {
        servlet.withPropertyValues(setting).run((context) -> StartupFailures.assertFailureNames(context, property));
    }

    @Test
    void aHysteresisAboveTheMonitorsModerateThresholdFailsStartUpNamingBoth() {
        servlet.withPropertyValues("memguard.admission.hysteresis=0.8").run((context) -> StartupFailures
                .assertRejectedValue(context, "memguard.admission.hysteresis", "0.8", "must be below the admission"
                        + " target (0.75, the pressure monitor's MODERATE threshold while memguard.admission.target is"
                        + " unset), such as 0.05"));
    }

    static MemorySnapshot heapAfterGc(double ratio) {
        return new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.NONE, MemorySignal.HEAP_AFTER_GC,
                Map.of(MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC, ratio, -1, -1)), null,
                null, GcActivity.NONE, null, null, null);
    }
}
