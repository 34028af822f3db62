package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
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

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.spring.event.MemoryReadinessPublisher;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class MemoryReadinessAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                    MemguardAutoConfiguration.class, MemoryReadinessAutoConfiguration.class))
            .withBean(ManualMemoryPressureMonitor.class);

    @Test
    void refusesTrafficAtCriticalByDefault() {
        runner.run(context -> {
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);

            monitor.setLevel(MemoryPressureLevel.HIGH);
            assertThat(context.getBean(MemoryReadinessPublisher.class).isRefusing()).isFalse();
            monitor.setLevel(MemoryPressureLevel.CRITICAL);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Test
    void bindsTheRefuseLevel() {
        runner.withPropertyValues("memguard.readiness.refuse-level=moderate").run(context -> {
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.MODERATE);
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
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            assertThat(monitor.listeners()).isNotEmpty();
            context.close();
            assertThat(monitor.listeners()).isEmpty();
        });
    }

    @Test
    void refusesARefuseLevelOfNone() {
        runner.withPropertyValues("memguard.readiness.refuse-level=none").run(context -> assertInvalidProperty(context,
                "memguard.readiness.refuse-level", "NONE",
                "must be LOW, MODERATE, HIGH or CRITICAL: at NONE the application would never be ready; to leave "
                        + "readiness alone, set memguard.readiness.enabled=false"));
    }

    @Test
    void anApplicationStartedUnderCriticalPressureIsNotReady() {
        SpringApplication application = new SpringApplication(CriticalAtStart.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run()) {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);

            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.MODERATE);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ApplicationAvailabilityAutoConfiguration.class, MemguardAutoConfiguration.class,
            MemoryReadinessAutoConfiguration.class })
    static class CriticalAtStart {

        @Bean
        ManualMemoryPressureMonitor settablePressureMonitor() {
            return new ManualMemoryPressureMonitor(MemoryPressureLevel.CRITICAL);
        }
    }
}
