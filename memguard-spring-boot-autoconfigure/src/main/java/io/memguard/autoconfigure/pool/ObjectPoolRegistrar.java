package io.memguard.autoconfigure.pool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;

/**
 * Registers every {@link ObjectPool} the application declares as a bean (directly or through a
 * {@code FactoryBean}) with the {@link ObjectPoolRegistry}, so that it follows memory pressure and shows up in
 * metrics and the endpoint, and unregisters it when the bean is destroyed.
 *
 * @since 0.1.0
 */
final class ObjectPoolRegistrar implements DestructionAwareBeanPostProcessor {

    private final ObjectProvider<ObjectPoolRegistry> registry;

    /**
     * Creates the registrar.
     *
     * @param registry the registry, looked up when the first pool appears
     */
    ObjectPoolRegistrar(ObjectProvider<ObjectPoolRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ObjectPool<?> pool) {
            registry.getObject().register(pool);
        }
        return bean;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        if (bean instanceof ObjectPool<?> pool) {
            ObjectPoolRegistry pools = registry.getIfAvailable();
            if (pools != null) {
                pools.unregister(pool);
            }
        }
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof ObjectPool<?>;
    }
}
