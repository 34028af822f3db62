package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.protect.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.AdaptiveConcurrencyLimiter;

class AdaptiveConcurrencyAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdaptiveConcurrencyAutoConfiguration.class))
            .withBean(SettablePressureMonitor.class);

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
                    SettablePressureMonitor monitor = context.getBean(SettablePressureMonitor.class);

                    monitor.set(MemoryPressureLevel.MODERATE);
                    assertThat(limiter.limit()).isEqualTo(10);
                    monitor.set(MemoryPressureLevel.HIGH);
                    assertThat(limiter.limit()).isEqualTo(6);
                    monitor.set(MemoryPressureLevel.CRITICAL);
                    assertThat(limiter.limit()).isEqualTo(2);
                    monitor.set(MemoryPressureLevel.NONE);
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
        runner.withPropertyValues("memguard.concurrency.min-concurrency=0").run(context -> assertStartupFailure(context,
                "memguard.concurrency.min-concurrency must be at least 1, was 0"));
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        runner.withPropertyValues("memguard.concurrency.min-concurrency=8", "memguard.concurrency.max-concurrency=4")
                .run(context -> assertStartupFailure(context, "memguard.concurrency.max-concurrency (4) must not be"
                        + " below memguard.concurrency.min-concurrency (8)"));
    }

    @Test
    void refusesShrinkingFromNone() {
        runner.withPropertyValues("memguard.concurrency.shrink-from=none").run(context -> assertStartupFailure(context,
                "memguard.concurrency.shrink-from must be LOW, MODERATE, HIGH or CRITICAL, was NONE"));
    }
}
