package io.memguard.autoconfigure.protect;

import io.memguard.spring.web.ActuatorExcludedPaths;
import io.memguard.spring.web.ExcludedPathsContributor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link ActuatorExcludedPaths} contributor, for every feature that spares the actuator's paths (load shedding,
 * admission): each imports this configuration, and the contributor is registered once for all.
 *
 * @since 0.2.0
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ManagementPortType.class, PathMappedEndpoints.class })
public final class ActuatorExcludedPathsConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "actuatorExcludedPaths")
    ExcludedPathsContributor actuatorExcludedPaths(Environment environment,
            ObjectProvider<PathMappedEndpoints> endpoints) {
        return ActuatorExcludedPaths.of(environment, endpoints);
    }
}
