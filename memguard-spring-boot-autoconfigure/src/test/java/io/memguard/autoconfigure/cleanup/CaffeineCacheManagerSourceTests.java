package io.memguard.autoconfigure.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cache.caffeine.CaffeineCacheManager;

class CaffeineCacheManagerSourceTests {

    @Test
    void findsTheCachesOfEveryManagerIncludingOnesCreatedOnDemand() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        CaffeineCacheManager users = new CaffeineCacheManager("users");
        CaffeineCacheManager dynamic = new CaffeineCacheManager();
        beanFactory.registerSingleton("users", users);
        beanFactory.registerSingleton("dynamic", dynamic);
        CaffeineCacheManagerSource source = new CaffeineCacheManagerSource(
                beanFactory.getBeanProvider(CaffeineCacheManager.class));

        assertThat(source.caches()).containsOnlyKeys("users");
        dynamic.getCache("sessions");
        assertThat(source.caches()).containsOnlyKeys("users", "sessions");
        assertThat(source.caches().get("users")).isSameAs(users.getCache("users").getNativeCache());
    }

    @Test
    void findsNothingWithoutManagers() {
        CaffeineCacheManagerSource source = new CaffeineCacheManagerSource(
                new DefaultListableBeanFactory().getBeanProvider(CaffeineCacheManager.class));
        assertThat(source.caches()).isEmpty();
    }
}
