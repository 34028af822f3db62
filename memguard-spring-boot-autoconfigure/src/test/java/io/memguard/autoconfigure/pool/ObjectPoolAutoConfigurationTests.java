package io.memguard.autoconfigure.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;
import io.memguard.pool.PoolExhaustedException;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LowMemoryMode;
import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.spring.actuate.ObjectsEndpointSection;
import io.memguard.spring.actuate.ObjectsEndpointSection.ObjectPoolsDescriptor;
import io.memguard.spring.event.AbandonedObjectEvent;
import io.memguard.spring.metrics.ObjectPoolMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class ObjectPoolAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MemguardAutoConfiguration.class, ObjectPoolAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory");

    @Test
    void createsTheRegistryWithTheDefaultSettings() {
        runner.run(context -> assertThat(context.getBean(ObjectPoolRegistry.class).defaults()).isEqualTo(
                new ObjectPoolRegistry.Defaults(64, Duration.ofSeconds(1), Duration.ofMinutes(5), false, 0.5)));
    }

    @Test
    void createsTheRegistryAndItsWiring() {
        runner.run(context -> assertThat(context).hasSingleBean(ObjectPoolRegistry.class)
                .hasSingleBean(ObjectPoolRegistrar.class).hasBean("memguardAbandonedObjectEventPublisher")
                .hasSingleBean(AbandonedObjectChecker.class).hasSingleBean(ObjectsEndpointSection.class)
                .hasSingleBean(ObjectPoolMetrics.class));
    }

    @Test
    void givesRegistryBuiltPoolsTheConfiguredDefaults() {
        runner.withPropertyValues("memguard.object-pool.max-size=2", "memguard.object-pool.borrow-timeout=0s",
                "memguard.object-pool.pressure.high-trim=1", "memguard.object-pool.abandoned.timeout=0s",
                "memguard.object-pool.abandoned.capture-stack=true")
                .withUserConfiguration(RegistryBuiltPool.class).run(context -> {
                    assertThat(context.getBean(ObjectPoolRegistry.class).defaults())
                            .isEqualTo(new ObjectPoolRegistry.Defaults(2, Duration.ZERO, Duration.ZERO, true, 1.0));
                    ObjectPool<?> pool = context.getBean("builders", ObjectPool.class);
                    assertThat(pool.snapshot().maxSize()).isEqualTo(2);
                    pool.borrow();
                    pool.borrow();
                    // The failure names the timeout the borrow waited for: 0s, not the 1s default. Not a wall-clock
                    // bound, which a loaded machine can stretch past the default however short the wait was.
                    assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(pool::borrow)
                            .withMessageContaining("all 2 objects stayed borrowed for PT0S.");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memguard.object-pool.max-size=0 | memguard.object-pool.max-size | 0 | must be from 1 to 65536",
            "memguard.object-pool.borrow-timeout=-1s | memguard.object-pool.borrow-timeout | PT-1S | must not be negative",
            "memguard.object-pool.abandoned.timeout=-5m | memguard.object-pool.abandoned.timeout | PT-5M | must not be negative",
            "memguard.object-pool.abandoned.check-interval=0s | memguard.object-pool.abandoned.check-interval | PT0S | must be a positive duration, such as 30s",
            "memguard.object-pool.pressure.high-trim=2 | memguard.object-pool.pressure.high-trim | 2.0 | in (0..1]" })
    void aBadValueFailsStartUpNamingThePropertyAndTheAcceptedValues(String property, String name, String value,
            String reason) {
        StartupFailures.assertInvalidProperty(runner, name, value, reason, property);
    }

    @Test
    void registersPoolBeansDeclaredDirectlyThroughTheRegistryOrThroughAFactoryBean() {
        runner.withUserConfiguration(RegistryBuiltPool.class, PlainPool.class, FactoryBeanPool.class).run(context -> {
            ObjectPoolRegistry registry = context.getBean(ObjectPoolRegistry.class);
            // A FactoryBean makes its object when first asked for it, as when it is injected.
            assertThat(context.getBean("factoryMade", ObjectPool.class).name()).isEqualTo("factory-made");
            assertThat(registry.pools()).extracting(ObjectPool::name).containsExactly("builders", "factory-made",
                    "plain");
        });
    }

    @Test
    void unregistersPoolBeansWhenTheContextCloses() {
        AtomicReference<ObjectPoolRegistry> registry = new AtomicReference<>();
        runner.withUserConfiguration(PlainPool.class).run(context -> {
            registry.set(context.getBean(ObjectPoolRegistry.class));
            assertThat(registry.get().pools()).hasSize(1);
        });
        assertThat(registry.get().pools()).isEmpty();
    }

    @Test
    void passesPressureChangesToEveryPoolAndStopsOnClose() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        runner.withBean(ManualMemoryPressureMonitor.class, () -> monitor).withUserConfiguration(PlainPool.class)
                .run(context -> {
                    ObjectPool<?> pool = context.getBean(ObjectPool.class);
                    borrowAndReturn(pool);
                    assertThat(pool.snapshot().available()).isEqualTo(1);

                    monitor.setLevel(MemoryPressureLevel.CRITICAL);

                    assertThat(pool.snapshot().available()).isZero();
                });
        assertThat(monitor.listeners()).isEmpty();
    }

    @Test
    void checksForAbandonedObjectsAndPublishesThemAsSpringEvents() {
        runner.withPropertyValues("memguard.object-pool.abandoned.check-interval=20ms")
                .withUserConfiguration(AbandonablePool.class, AbandonedEvents.class).run(context -> {
                    AbandonablePool config = context.getBean(AbandonablePool.class);
                    config.pool.borrow();
                    List<AbandonedObjectEvent> events = context.getBean(AbandonedEvents.class).events;

                    // The checker notes the borrow on one run and reports it on a run a minute of ticker later.
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        config.ticker.addAndGet(Duration.ofSeconds(20).toNanos());
                        return !events.isEmpty();
                    });

                    assertThat(events).singleElement().satisfies(event -> {
                        assertThat(event.getAbandoned().pool()).isEqualTo("abandonable");
                        assertThat(event.getAbandoned().borrowedFor()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
                        assertThat(event.getSource()).isSameAs(context.getBean(ObjectPoolRegistry.class));
                    });
                });
    }

    @Test
    void describesEveryPoolInTheObjectsEndpointSection() {
        runner.withUserConfiguration(PlainPool.class, RegistryBuiltPool.class).run(context -> {
            borrowAndReturn(context.getBean("plain", ObjectPool.class));
            borrowAndReturn(context.getBean("plain", ObjectPool.class));
            MemoryEndpointSection section = context.getBean(MemoryEndpointSection.class);

            assertThat(section.name()).isEqualTo("objects");
            ObjectPoolsDescriptor objects = (ObjectPoolsDescriptor) section.describe();
            assertThat(objects.pools()).containsOnlyKeys("builders", "plain");
            assertThat(objects.pools().get("plain")).satisfies(plain -> {
                assertThat(plain.borrowed()).isEqualTo(2);
                assertThat(plain.reused()).isEqualTo(1);
                assertThat(plain.available()).isEqualTo(1);
                assertThat(plain.maxSize()).isEqualTo(5);
            });
        });
    }

    @Test
    void exportsMetersPerPoolIncludingPoolsRegisteredLaterInPrometheusForm() {
        runner.withUserConfiguration(PlainPool.class).run(context -> {
            borrowAndReturn(context.getBean(ObjectPool.class));
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getBean(ObjectPoolMetrics.class).bindTo(meters);
            ObjectPoolRegistry registry = context.getBean(ObjectPoolRegistry.class);
            registry.builder("later", Object::new).build();

            String scrape = meters.scrape();

            assertThat(scrape).contains("memguard_object_pool_borrows_total{pool=\"plain\"} 1.0")
                    .contains("memguard_object_pool_available{pool=\"plain\"} 1.0")
                    .contains("memguard_object_pool_in_use{pool=\"plain\"} 0.0")
                    .contains("memguard_object_pool_max{pool=\"plain\"} 5.0")
                    .contains("memguard_object_pool_reuse{pool=\"plain\"} 0.0")
                    .contains("memguard_object_pool_creations_total{pool=\"plain\"} 1.0")
                    .contains("memguard_object_pool_abandoned_total{pool=\"plain\"} 0.0")
                    .contains("memguard_object_pool_allocated{pool=\"later\"} 0.0");
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnRegistry() {
        ObjectPoolRegistry own = new ObjectPoolRegistry();
        runner.withBean(ObjectPoolRegistry.class, () -> own).withUserConfiguration(PlainPool.class)
                .run(context -> {
                    assertThat(context.getBean(ObjectPoolRegistry.class)).isSameAs(own);
                    assertThat(own.pools()).hasSize(1);
                });
    }

    @Test
    void isOffWhenMemguardOrTheObjectPoolsAreDisabled() {
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ObjectPoolRegistry.class));
        runner.withPropertyValues("memguard.object-pool.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(ObjectPoolRegistry.class).doesNotHaveBean(ObjectPoolRegistrar.class));
    }

    @Test
    void isOffWithoutMemguardCore() {
        runner.withClassLoader(new FilteredClassLoader(ObjectPool.class))
                .run(context -> assertThat(context).doesNotHaveBean(ObjectPoolProperties.class));
    }

    @Test
    void registersNoMetersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> assertThat(context)
                .hasSingleBean(ObjectPoolRegistry.class).doesNotHaveBean(ObjectPoolMetrics.class));
    }

    private static void borrowAndReturn(ObjectPool<?> pool) {
        release(pool, pool.borrow());
    }

    @SuppressWarnings("unchecked")
    private static <T> void release(ObjectPool<T> pool, Object object) {
        pool.release((T) object);
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryBuiltPool {

        @Bean
        ObjectPool<StringBuilder> builders(ObjectPoolRegistry registry) {
            return registry.builder("builders", StringBuilder::new).reset(builder -> builder.setLength(0)).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainPool {

        @Bean
        ObjectPool<Object> plain() {
            return ObjectPool.builder("plain", Object::new).maxSize(5).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FactoryBeanPool {

        @Bean
        FactoryBean<ObjectPool<Object>> factoryMade() {
            return new FactoryBean<>() {

                @Override
                public ObjectPool<Object> getObject() {
                    return ObjectPool.builder("factory-made", Object::new).build();
                }

                @Override
                public Class<?> getObjectType() {
                    return ObjectPool.class;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AbandonablePool {

        final AtomicLong ticker = new AtomicLong();

        final ObjectPool<Object> pool = ObjectPool.builder("abandonable", Object::new)
                .abandonedTimeout(Duration.ofMinutes(1)).ticker(ticker::get).build();

        @Bean
        ObjectPool<Object> abandonable() {
            return pool;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AbandonedEvents {

        final List<AbandonedObjectEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void onAbandoned(AbandonedObjectEvent event) {
            events.add(event);
        }
    }

    @Test
    void lowMemoryModeEmptiesEveryPoolUntilItIsLeft() {
        runner.withConfiguration(AutoConfigurations.of(LowMemoryModeAutoConfiguration.class))
                .withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE))
                .withUserConfiguration(PlainPool.class).run(context -> {
                    ObjectPool<?> pool = context.getBean(ObjectPool.class);
                    LowMemoryMode mode = context.getBean(LowMemoryMode.class);
                    borrowAndReturn(pool);
                    assertThat(pool.snapshot().available()).isEqualTo(1);
                    long destroyed = pool.snapshot().destroyed();

                    mode.forceOn();

                    assertThat(pool.snapshot().available()).isZero();
                    assertThat(pool.snapshot().destroyed()).isEqualTo(destroyed + 1);
                    borrowAndReturn(pool);
                    assertThat(pool.snapshot().available()).as("returns are let go while the mode is on").isZero();

                    mode.release();

                    borrowAndReturn(pool);
                    assertThat(pool.snapshot().available()).isEqualTo(1);
                });
    }
}
