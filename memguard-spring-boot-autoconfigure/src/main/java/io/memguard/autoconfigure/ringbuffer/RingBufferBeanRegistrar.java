package io.memguard.autoconfigure.ringbuffer;

import java.util.Map;
import java.util.Set;

import io.memguard.autoconfigure.ringbuffer.RingBufferProperties.Settings;
import io.memguard.ringbuffer.RingBuffer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Declares one {@link RingBuffer} bean per key of {@code memguard.ring-buffers.instances}, named after the
 * key, so that users inject a configured buffer with {@code @Qualifier("audit")} (or a parameter named
 * {@code audit}). The beans are made by {@link ConfiguredRingBuffers}, which registers them in the
 * {@link io.memguard.ringbuffer.RingBufferRegistry}.
 */
class RingBufferBeanRegistrar implements ImportBeanDefinitionRegistrar {

    private static final String INSTANCES = "memguard.ring-buffers.instances";

    private final Environment environment;

    private final BeanFactory beanFactory;

    /** Called by Spring, which passes what an import registrar's constructor asks for. */
    RingBufferBeanRegistrar(Environment environment, BeanFactory beanFactory) {
        this.environment = environment;
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        for (String name : instanceNames()) {
            if (registry.containsBeanDefinition(name)) {
                throw new InvalidConfigurationPropertyValueException(INSTANCES + "." + name, name, "the ring buffer"
                        + " cannot be declared as a bean: a bean named '" + name + "' exists already; rename the"
                        + " ring buffer, or the bean");
            }
            RootBeanDefinition definition = new RootBeanDefinition(RingBuffer.class,
                    () -> beanFactory.getBean(ConfiguredRingBuffers.class).create(name));
            registry.registerBeanDefinition(name, definition);
        }
    }

    private Set<String> instanceNames() {
        return Binder.get(environment).bind(INSTANCES, Bindable.mapOf(String.class, Settings.class))
                .map(Map::keySet).orElse(Set.of());
    }
}
