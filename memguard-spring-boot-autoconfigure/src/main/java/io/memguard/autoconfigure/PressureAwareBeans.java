package io.memguard.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import io.memguard.pressure.PressureAware;
import io.memguard.protect.EffectivePressure;

/**
 * Subscribes every {@link PressureAware} bean of the context to the {@link EffectivePressure}, once all singletons
 * exist, the way Spring Boot binds every {@code MeterBinder} bean: a feature only declares its component as a bean.
 *
 * <p>Each component is made a dependency of this bean, so that on shutdown the subscriptions end before any
 * component is closed: no level reaches a component that has already let its resources go.
 */
final class PressureAwareBeans implements SmartInitializingSingleton, DisposableBean, BeanNameAware {

    private static final Logger logger = LoggerFactory.getLogger(PressureAwareBeans.class);

    private final ConfigurableListableBeanFactory beanFactory;

    private final ObjectProvider<EffectivePressure> pressure;

    private final List<AutoCloseable> subscriptions = new ArrayList<>();

    private String beanName = "memguardPressureAwareBeans";

    PressureAwareBeans(ConfigurableListableBeanFactory beanFactory, ObjectProvider<EffectivePressure> pressure) {
        this.beanFactory = beanFactory;
        this.pressure = pressure;
    }

    @Override
    public void setBeanName(String name) {
        this.beanName = name;
    }

    @Override
    public void afterSingletonsInstantiated() {
        EffectivePressure effective = pressure.getIfAvailable();
        if (effective == null) {
            return;
        }
        // Singletons that exist by now: a lazy or prototype bean is not memguard's to create.
        List<String> subscribed = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(PressureAware.class, false, false)) {
            if (beanFactory.containsSingleton(name)) {
                beanFactory.registerDependentBean(name, beanName);
                subscriptions.add(effective.subscribe(beanFactory.getBean(name, PressureAware.class)));
                subscribed.add(name);
            }
        }
        logger.debug("memguard: subscribed {} pressure-aware bean(s): {}", subscribed.size(), subscribed);
    }

    @Override
    public void destroy() throws Exception {
        for (AutoCloseable subscription : subscriptions) {
            subscription.close();
        }
        subscriptions.clear();
    }
}
