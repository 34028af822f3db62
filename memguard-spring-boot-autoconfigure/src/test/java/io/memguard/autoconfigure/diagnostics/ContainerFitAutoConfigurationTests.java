package io.memguard.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.diagnostics.ContainerMisfit;
import io.memguard.diagnostics.JvmFootprint;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

@ExtendWith(OutputCaptureExtension.class)
class ContainerFitAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ContainerFitAutoConfiguration.class));

    @Test
    void warnsOnceReadyWhenThisJvmExceedsTheContainerLimit(CapturedOutput output) {
        // The fixture's container limit is 4096 bytes: this JVM's heap alone is larger.
        runner.withBean(ManualMemoryPressureMonitor.class,
                () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE)).run(context -> {
                    ContainerMisfitWarning warning = context.getBean(ContainerMisfitWarning.class);
                    assertThat(warning.check()).get().extracting(ContainerMisfit::kind)
                            .isEqualTo(ContainerMisfit.Kind.HEAP_OVER_LIMIT);

                    warning.onApplicationEvent(ready(context.getSourceApplicationContext()));

                    assertThat(output).contains("memguard: The max heap (")
                            .contains("alone exceeds the container memory limit (4 KiB)")
                            .contains("The kernel will kill the process before the JVM throws OutOfMemoryError");
                });
    }

    @Test
    void silentWithoutAContainerLimit(CapturedOutput output) {
        runner.withBean(ManualMemoryPressureMonitor.class, () -> new ManualMemoryPressureMonitor(
                MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.NONE))).run(context -> {
                    ContainerMisfitWarning warning = context.getBean(ContainerMisfitWarning.class);
                    assertThat(warning.check()).isEmpty();

                    warning.onApplicationEvent(ready(context.getSourceApplicationContext()));

                    assertThat(output).doesNotContain("container memory limit");
                });
    }

    @Test
    void silentWhenTheJvmFits(CapturedOutput output) {
        ContainerMisfitWarning warning = new ContainerMisfitWarning(
                MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE),
                () -> new JvmFootprint(1024, 1024, false, 1024, 1024));

        assertThat(warning.check()).isEmpty();
        warning.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], null,
                Duration.ZERO));
        assertThat(output).doesNotContain("container memory limit");
    }

    @Test
    void nothingWithoutAMonitorOrWhenMemguardIsDisabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ContainerMisfitWarning.class));
        runner.withBean(ManualMemoryPressureMonitor.class).withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ContainerMisfitWarning.class));
    }

    private static ApplicationReadyEvent ready(ConfigurableApplicationContext context) {
        return new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO);
    }
}
