package io.memguard.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs the {@link MemguardPropertiesCheck} of every {@code memguard.*} key before any bean is created.
 *
 * <p>Not conditional on {@code memguard.enabled}: a misspelt value of that switch ({@code flase}) would otherwise
 * turn memguard off without a word, since the condition reads anything but {@code true} as off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = MemguardAutoConfiguration.class)
public final class MemguardPropertiesCheckAutoConfiguration {

    @Bean
    static BeanFactoryPostProcessor memguardPropertiesCheck(Environment environment) {
        return (beanFactory) -> MemguardPropertiesCheck.check(environment);
    }
}
