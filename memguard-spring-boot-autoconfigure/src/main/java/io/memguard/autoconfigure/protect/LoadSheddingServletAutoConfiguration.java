package io.memguard.autoconfigure.protect;

import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.spring.web.ExcludedPathsContributor;
import io.memguard.spring.web.LoadSheddingFilter;
import io.memguard.spring.web.RequestShedding;
import io.memguard.spring.web.StaticResourceExcludedPaths;

/**
 * Auto-configuration of the load shedding {@link LoadSheddingFilter} in a servlet web application.
 * Static resources ({@code spring.mvc.static-path-pattern} and its webjars
 * pattern, read from Boot's own properties) are spared unless {@code memguard.shedding.exclude-static-resources=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LoadSheddingAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@ConditionalOnBean(RequestShedding.class)
public final class LoadSheddingServletAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoadSheddingFilter loadSheddingFilter(RequestShedding requestShedding) {
        return new LoadSheddingFilter(requestShedding);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcProperties.class)
    @ConditionalOnBooleanProperty(name = "memguard.shedding.exclude-static-resources", matchIfMissing = true)
    @EnableConfigurationProperties({ WebMvcProperties.class, WebProperties.class })
    static class StaticResourceExclusionConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "staticResourceExcludedPaths")
        ExcludedPathsContributor staticResourceExcludedPaths(WebProperties web, WebMvcProperties mvc) {
            return new StaticResourceExcludedPaths(web.getResources().isAddMappings(), mvc.getStaticPathPattern(),
                    mvc.getWebjarsPathPattern());
        }
    }
}
