package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.AdaptiveConcurrencyLimiter;
import io.memguard.spring.metrics.ConcurrencyLimitMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class AdaptiveConcurrencyAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    AdaptiveConcurrencyAutoConfiguration.class))
            .withBean(ManualMemoryPressureMonitor.class);

    @Test
    void providesALimiterWithItsDefaults() {
        runner.run(context -> {
            AdaptiveConcurrencyLimiter limiter = context.getBean(AdaptiveConcurrencyLimiter.class);
            assertThat(limiter.name()).isEqualTo("default");
            assertThat(limiter.maxLimit()).isEqualTo(64);
            assertThat(limiter.minLimit()).isEqualTo(4);
            assertThat(limiter.limit()).isEqualTo(64);
            assertThat(context).hasSingleBean(ConcurrencyLimitMetrics.class);
        });
    }

    @Test
    void bindsItsPropertiesAndFollowsThePressureMonitor() {
        runner.withPropertyValues("memguard.concurrency.min-concurrency=2", "memguard.concurrency.max-concurrency=10",
                "memguard.concurrency.shrink-from=high").run(context -> {
                    AdaptiveConcurrencyLimiter limiter = context.getBean(AdaptiveConcurrencyLimiter.class);
                    ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);

                    monitor.setLevel(MemoryPressureLevel.MODERATE);
                    assertThat(limiter.limit()).isEqualTo(10);
                    monitor.setLevel(MemoryPressureLevel.HIGH);
                    assertThat(limiter.limit()).isEqualTo(6);
                    monitor.setLevel(MemoryPressureLevel.CRITICAL);
                    assertThat(limiter.limit()).isEqualTo(2);
                    monitor.setLevel(MemoryPressureLevel.NONE);
                    assertThat(limiter.limit()).isEqualTo(10);
                });
    }

    @Test
    void worksWithoutAMonitorAtTheMaximum() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AdaptiveConcurrencyAutoConfiguration.class))
                .run(context -> {
                    assertThat(context.getBean(AdaptiveConcurrencyLimiter.class).limit()).isEqualTo(64);
                    assertThat(context).doesNotHaveBean("adaptiveConcurrencyPressureRegistration");
                });
    }

    @Test
    void nothingWhenDisabled() {
        runner.withPropertyValues("memguard.concurrency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AdaptiveConcurrencyLimiter.class));
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AdaptiveConcurrencyLimiter.class));
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(ConcurrencyLimitMetrics.class));
    }

    @Test
    void refusesAMinimumBelowOne() {
        runner.withPropertyValues("memguard.concurrency.min-concurrency=0").run(context -> assertInvalidProperty(context,
                "memguard.concurrency.min-concurrency", "0", "must be at least 1"));
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        runner.withPropertyValues("memguard.concurrency.min-concurrency=8", "memguard.concurrency.max-concurrency=4")
                .run(context -> assertInvalidProperty(context, "memguard.concurrency.max-concurrency", "4",
                        "must not be below memguard.concurrency.min-concurrency (8): raise it, or lower the minimum"));
    }

    @Test
    void refusesShrinkingFromNone() {
        runner.withPropertyValues("memguard.concurrency.shrink-from=none").run(context -> assertInvalidProperty(context,
                "memguard.concurrency.shrink-from", "NONE", "must be LOW, MODERATE, HIGH or CRITICAL"));
    }
}
