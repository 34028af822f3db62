package io.memguard.autoconfigure.pool;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pool.ObjectPoolRegistry;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.actuate.ObjectsEndpointSection;
import io.memguard.spring.event.AbandonedObjectEvent;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.metrics.ObjectPoolMetrics;

/**
 * Auto-configuration of memguard's object pools: the {@link ObjectPoolRegistry} whose builders carry the
 * {@code memguard.object-pool.*} defaults and passes memory pressure and low-memory mode (which empties the pools
 * and pauses retention) on to them, the registration of every {@link ObjectPool} bean, the abandoned-object
 * checks and events, the {@code objects} endpoint section and the meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, LowMemoryModeAutoConfiguration.class })
@ConditionalOnClass(ObjectPool.class)
@ConditionalOnMemguardEnabled
@ConditionalOnBooleanProperty(name = "memguard.object-pool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObjectPoolProperties.class)
@Import(PropertyChecks.Origins.class)
public final class ObjectPoolAutoConfiguration {

    @Bean
    static ObjectPoolRegistrar memguardObjectPoolRegistrar(ObjectProvider<ObjectPoolRegistry> registry) {
        return new ObjectPoolRegistrar(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ObjectPoolRegistry memguardObjectPoolRegistry(ObjectPoolProperties properties) {
        return new ObjectPoolRegistry(new ObjectPoolRegistry.Defaults(properties.getMaxSize(),
                properties.getBorrowTimeout(),
                properties.getAbandoned().getTimeout(), properties.getAbandoned().isCaptureStack(),
                properties.getPressure().getHighTrim()));
    }

    @Bean
    @ConditionalOnMissingBean(name = "memguardAbandonedObjectEventPublisher")
    EventBridge<AbandonedObject> memguardAbandonedObjectEventPublisher(ObjectPoolRegistry registry,
            ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, registry::addListener, registry::removeListener,
                (abandoned) -> new AbandonedObjectEvent(registry, abandoned));
    }

    @Bean
    @ConditionalOnMissingBean
    AbandonedObjectChecker memguardAbandonedObjectChecker(ObjectPoolRegistry registry,
            ObjectPoolProperties properties) {
        return new AbandonedObjectChecker(registry, properties.getAbandoned().getCheckInterval());
    }

    /** The pools' section of the {@code memory} endpoint, declared only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class ObjectPoolEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        ObjectsEndpointSection memguardObjectsEndpointSection(ObjectPoolRegistry registry) {
            return new ObjectsEndpointSection(registry);
        }
    }

    /** The meters, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static final class ObjectPoolMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ObjectPoolMetrics memguardObjectPoolMetrics(ObjectPoolRegistry registry) {
            return new ObjectPoolMetrics(registry);
        }
    }
}
