package io.memguard.autoconfigure.protect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.spring.web.ExcludedPathsContributor;
import io.memguard.spring.web.LoadSheddingWebFilter;
import io.memguard.spring.web.RequestShedding;
import io.memguard.spring.web.StaticResourceExcludedPaths;

/**
 * Auto-configuration of the load shedding {@link LoadSheddingWebFilter} in a reactive (WebFlux) web
 * application.
 * Static resources ({@code spring.webflux.static-path-pattern} and its webjars
 * pattern, read from Boot's own properties) are spared unless {@code memguard.shedding.exclude-static-resources=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LoadSheddingAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(WebFilter.class)
@ConditionalOnBean(RequestShedding.class)
public final class LoadSheddingReactiveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoadSheddingWebFilter loadSheddingWebFilter(RequestShedding requestShedding) {
        return new LoadSheddingWebFilter(requestShedding);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebFluxProperties.class)
    @ConditionalOnBooleanProperty(name = "memguard.shedding.exclude-static-resources", matchIfMissing = true)
    @EnableConfigurationProperties({ WebFluxProperties.class, WebProperties.class })
    static class StaticResourceExclusionConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "staticResourceExcludedPaths")
        ExcludedPathsContributor staticResourceExcludedPaths(WebProperties web, WebFluxProperties webflux) {
            return new StaticResourceExcludedPaths(web.getResources().isAddMappings(), webflux.getStaticPathPattern(),
                    webflux.getWebjarsPathPattern());
        }
    }
}
