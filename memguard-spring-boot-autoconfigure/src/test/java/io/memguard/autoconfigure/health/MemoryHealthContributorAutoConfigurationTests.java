package io.memguard.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.actuate.MemoryHealthIndicator;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MemoryHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    MemoryHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class));

    @Test
    void contributesTheMemoryHealthIndicator() {
        runner.run((context) -> assertThat(context).hasSingleBean(MemoryHealthIndicator.class)
                .getBeanNames(HealthIndicator.class).contains("memoryHealthIndicator"));
    }

    @Test
    void statusesAtHighAndCriticalAreConfigurable() {
        ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH);
        runner.withBean(MemoryPressureMonitor.class, () -> monitor)
                .withPropertyValues("management.health.memory.high-status=DEGRADED",
                        "management.health.memory.critical-status=DOWN")
                .run((context) -> {
                    MemoryHealthIndicator indicator = context.getBean(MemoryHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(new Status("DEGRADED"));
                    monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.CRITICAL));
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
                });
    }

    @Test
    void anEmptyStatusFailsStartUpNamingThePropertyItsValueAndTheFix() {
        runner.withPropertyValues("management.health.memory.critical-status=").run((context) -> {
            assertThat(context).hasFailed();
            BindException bind = null;
            for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException found) {
                    bind = found;
                }
            }
            assertThat(bind).as("the binding failure").isNotNull();
            assertThat(bind.getProperty()).isNotNull();
            assertThat(bind.getProperty().getName().toString()).isEqualTo("management.health.memory.critical-status");
            assertThat(bind.getProperty().getValue()).isEqualTo("");
            assertThat(StartupFailures.rootCauseOf(context)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'criticalStatus' must not be empty")
                    .hasMessageContaining("OUT_OF_SERVICE");
        });
    }

    @Test
    void outOfServiceAtCriticalByDefault() {
        runner.withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.CRITICAL))
                .run((context) -> assertThat(context.getBean(MemoryHealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.OUT_OF_SERVICE));
    }

    @Test
    void backsOffWhenTheIndicatorIsDisabled() {
        runner.withPropertyValues("management.health.memory.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class));
    }

    @Test
    void backsOffWhenMemguardIsDisabled() {
        runner.withPropertyValues("memguard.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("memoryHealthIndicator"));
    }

    @Test
    void backsOffFromAUserIndicatorOfTheSameName() {
        HealthIndicator custom = () -> org.springframework.boot.health.contributor.Health.up().build();
        runner.withBean("memoryHealthIndicator", HealthIndicator.class, () -> custom)
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class)
                        .getBean("memoryHealthIndicator").isSameAs(custom));
    }
}
