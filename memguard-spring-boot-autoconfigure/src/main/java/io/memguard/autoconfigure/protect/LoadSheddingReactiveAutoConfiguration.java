package io.memguard.autoconfigure.protect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LoadShedder;

/**
 * Auto-configuration of the load shedding {@link LoadSheddingWebFilter} in a reactive (WebFlux) web
 * application.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LoadSheddingAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(WebFilter.class)
@ConditionalOnBean({ LoadShedder.class, MemoryPressureMonitor.class })
public final class LoadSheddingReactiveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoadSheddingWebFilter loadSheddingWebFilter(MemoryPressureMonitor monitor, LoadShedder shedder,
            ExcludedPaths sheddingExcludedPaths, SheddingResponse sheddingResponse) {
        return new LoadSheddingWebFilter(monitor, shedder, sheddingExcludedPaths, sheddingResponse);
    }
}
