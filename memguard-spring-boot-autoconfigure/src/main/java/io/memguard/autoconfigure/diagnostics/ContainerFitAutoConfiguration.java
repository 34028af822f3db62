package io.memguard.autoconfigure.diagnostics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.diagnostics.ContainerMisfit;
import io.memguard.diagnostics.JvmFootprint;
import io.memguard.pressure.MemoryPressureMonitor;

/**
 * Auto-configuration of the start-up check that the JVM fits its container: a {@link ContainerMisfitWarning}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnClass(ContainerMisfit.class)
@ConditionalOnBean(MemoryPressureMonitor.class)
public final class ContainerFitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ContainerMisfitWarning containerMisfitWarning(MemoryPressureMonitor monitor) {
        return new ContainerMisfitWarning(monitor, JvmFootprint::ofThisJvm);
    }
}
