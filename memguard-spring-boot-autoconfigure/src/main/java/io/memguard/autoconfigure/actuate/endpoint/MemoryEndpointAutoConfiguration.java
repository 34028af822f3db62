package io.memguard.autoconfigure.actuate.endpoint;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.actuate.LowMemoryModeController;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.spring.actuate.MemoryEndpointWebExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code memory} actuator endpoint. Like every actuator endpoint it is created only when
 * it is available: access not {@code none} ({@code management.endpoint.memory.access}) and exposed over a
 * technology ({@code management.endpoints.web.exposure.include=memory}, for instance). Its web extension, exposed
 * over HTTP only, adds the write operation (forcing low-memory mode), which needs
 * {@code management.endpoint.memory.access=unrestricted}: the endpoint is read-only by default.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnMemguardEnabled
@ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
public final class MemoryEndpointAutoConfiguration {

    @Bean
    @ConditionalOnBean(MemoryPressureMonitor.class)
    @ConditionalOnMissingBean
    MemoryEndpoint memoryEndpoint(MemoryPressureMonitor monitor, ObjectProvider<MemoryEndpointSection> sections,
            ObjectProvider<LowMemoryModeController> lowMemoryMode) {
        return new MemoryEndpoint(monitor, sections.orderedStream().toList(), lowMemoryMode.getIfAvailable());
    }

    @Bean
    @ConditionalOnBean(MemoryEndpoint.class)
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    MemoryEndpointWebExtension memoryEndpointWebExtension(ObjectProvider<LowMemoryModeController> lowMemoryMode) {
        return new MemoryEndpointWebExtension(lowMemoryMode.getIfAvailable());
    }
}
