package io.memguard.spring.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.EffectivePressure;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class MemoryReadinessPublisherTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
            .withUserConfiguration(ReadinessConfiguration.class);

    @Test
    void refusesTrafficAtTheRefuseLevelAndAcceptsItAfterRecovery() {
        runner.run(context -> {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);

            monitor.setLevel(MemoryPressureLevel.HIGH);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

            monitor.setLevel(MemoryPressureLevel.CRITICAL);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(context.getBean(MemoryReadinessPublisher.class).isRefusing()).isTrue();

            monitor.setLevel(MemoryPressureLevel.HIGH);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(context.getBean(MemoryReadinessPublisher.class).isRefusing()).isFalse();
        });
    }

    @Test
    void neverTouchesLiveness() {
        runner.run(context -> {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);

            monitor.setLevel(MemoryPressureLevel.CRITICAL);
            monitor.setLevel(MemoryPressureLevel.NONE);

            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
            assertThat(availability.getLastChangeEvent(LivenessState.class).getSource()).isSameAs(context);
        });
    }

    @Test
    void doesNotUndoARefusalThatIsNotItsOwn() {
        runner.run(context -> {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            monitor.setLevel(MemoryPressureLevel.CRITICAL);

            Object maintenance = new Object();
            AvailabilityChangeEvent.publish(context, maintenance, ReadinessState.REFUSING_TRAFFIC);
            monitor.setLevel(MemoryPressureLevel.MODERATE);

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(availability.getLastChangeEvent(ReadinessState.class).getSource()).isSameAs(maintenance);
        });
    }

    @Test
    void answersAnAcceptanceBySomeoneElseWithANewRefusalWhileUnderPressure() {
        runner.run(context -> {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.CRITICAL);

            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Test
    void refusesFromAConfiguredLowerLevel() {
        runner.withPropertyValues("test.refuse-level=HIGH").run(context -> {
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.HIGH);
            assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
                    .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ReadinessConfiguration {

        @Bean
        ManualMemoryPressureMonitor settablePressureMonitor() {
            return new ManualMemoryPressureMonitor();
        }

        @Bean
        MemoryReadinessPublisher memoryReadinessPublisher(ApplicationEventPublisher publisher,
                ApplicationAvailability availability, Environment environment) {
            return new MemoryReadinessPublisher(publisher, availability,
                    MemoryPressureLevel.valueOf(environment.getProperty("test.refuse-level", "CRITICAL")));
        }

        @Bean
        EffectivePressure effectivePressure(ManualMemoryPressureMonitor monitor, MemoryReadinessPublisher readiness) {
            EffectivePressure pressure = EffectivePressure.of(monitor);
            pressure.subscribe(readiness);
            return pressure;
        }
    }
}
