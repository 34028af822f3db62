package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.protect.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.pressure.MemoryPressureLevel;

class MemoryReadinessAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                    MemoryReadinessAutoConfiguration.class))
            .withBean(SettablePressureMonitor.class);

    @Test
    void refusesTrafficAtCriticalByDefault() {
        runner.run(context -> {
            SettablePressureMonitor monitor = context.getBean(SettablePressureMonitor.class);
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);

            monitor.set(MemoryPressureLevel.HIGH);
            assertThat(context.getBean(MemoryReadinessPublisher.class).isRefusing()).isFalse();
            monitor.set(MemoryPressureLevel.CRITICAL);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Test
    void bindsTheRefuseLevel() {
        runner.withPropertyValues("memguard.readiness.refuse-level=moderate").run(context -> {
            context.getBean(SettablePressureMonitor.class).set(MemoryPressureLevel.MODERATE);
            assertThat(context.getBean(MemoryReadinessPublisher.class).isRefusing()).isTrue();
        });
    }

    @Test
    void nothingWhenDisabledOrWithoutAMonitor() {
        runner.withPropertyValues("memguard.readiness.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MemoryReadinessPublisher.class));
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MemoryReadinessPublisher.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MemoryReadinessAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(MemoryReadinessPublisher.class));
    }

    @Test
    void unregistersWhenTheContextCloses() {
        runner.run(context -> {
            SettablePressureMonitor monitor = context.getBean(SettablePressureMonitor.class);
            assertThat(monitor.listenerCount()).isEqualTo(1);
            context.close();
            assertThat(monitor.listenerCount()).isZero();
        });
    }

    @Test
    void refusesARefuseLevelOfNone() {
        runner.withPropertyValues("memguard.readiness.refuse-level=none").run(context -> assertStartupFailure(context,
                "memguard.readiness.refuse-level must be LOW, MODERATE, HIGH or CRITICAL, was NONE"));
    }

    @Test
    void anApplicationStartedUnderCriticalPressureIsNotReady() {
        SpringApplication application = new SpringApplication(CriticalAtStart.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run()) {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);

            context.getBean(SettablePressureMonitor.class).set(MemoryPressureLevel.MODERATE);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ApplicationAvailabilityAutoConfiguration.class,
            MemoryReadinessAutoConfiguration.class })
    static class CriticalAtStart {

        @Bean
        SettablePressureMonitor settablePressureMonitor() {
            return new SettablePressureMonitor(MemoryPressureLevel.CRITICAL);
        }
    }
}
