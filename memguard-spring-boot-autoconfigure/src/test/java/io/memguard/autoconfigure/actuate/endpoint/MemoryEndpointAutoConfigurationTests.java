package io.memguard.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.StreamSupport;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.actuate.FixedMemoryEndpointSection;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.spring.actuate.MemoryEndpointWebExtension;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MemoryEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    MemoryEndpointAutoConfiguration.class));

    @Test
    void isAvailableWhenExposedOverTheWeb() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory")
                .run((context) -> assertThat(context).hasSingleBean(MemoryEndpoint.class));
    }

    @Test
    void isAvailableWhenExposedOverJmx() {
        runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=memory")
                .run((context) -> assertThat(context).hasSingleBean(MemoryEndpoint.class));
    }

    @Test
    void addsTheWebExtensionOnlyWhenExposedOverTheWeb() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory")
                .run((context) -> assertThat(context).hasSingleBean(MemoryEndpointWebExtension.class));
        runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=memory")
                .run((context) -> assertThat(context).hasSingleBean(MemoryEndpoint.class)
                        .doesNotHaveBean(MemoryEndpointWebExtension.class));
    }

    @Test
    void isNotCreatedWhenNotExposed() {
        runner.run((context) -> assertThat(context).doesNotHaveBean(MemoryEndpoint.class));
    }

    @Test
    void isNotCreatedWhenAccessIsNone() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory",
                "management.endpoint.memory.access=NONE")
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryEndpoint.class));
    }

    @Test
    void isNotCreatedWhenMemguardIsDisabled() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory", "memguard.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryEndpoint.class));
    }

    @Test
    void isNotCreatedWithoutTheActuator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryEndpoint.class));
    }

    @Test
    void collectsTheSectionsOtherFeaturesContribute() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory")
                .withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.LOW))
                .withBean("poolsSection", MemoryEndpointSection.class,
                        () -> new FixedMemoryEndpointSection("pools", Map.of("idle", 3)))
                .withBean("ringsSection", MemoryEndpointSection.class,
                        () -> new FixedMemoryEndpointSection("rings", Map.of("full", 0)))
                .run((context) -> {
                    MemoryEndpoint endpoint = context.getBean(MemoryEndpoint.class);
                    assertThat(endpoint.memory().sections()).containsOnlyKeys("pools", "rings");
                    assertThat(endpoint.section("rings")).isEqualTo(Map.of("full", 0));
                });
    }

    @Test
    void makesMemguardsSectionsOnlyWithTheEndpoint() {
        ApplicationContextRunner everyFeature = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(memguardAutoConfigurations()));
        // Without the endpoint, nothing reads the sections nor the recommendations' observations: not even declared,
        // so that their classes are not loaded at start-up.
        everyFeature.run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MemoryEndpoint.class);
            assertThat(context.getBeanFactory().getBeanNamesForType(MemoryEndpointSection.class, true, false)).isEmpty();
            assertThat(context.getBeanFactory().getBeanNamesForType(MemoryObservationContributor.class, true, false))
                    .isEmpty();
        });
        everyFeature.withPropertyValues("management.endpoints.web.exposure.include=memory").run((context) -> {
            String[] sections = context.getBeanFactory().getBeanNamesForType(MemoryEndpointSection.class, true, false);
            String[] observations = context.getBeanFactory()
                    .getBeanNamesForType(MemoryObservationContributor.class, true, false);
            assertThat(sections).hasSizeGreaterThanOrEqualTo(8);
            assertThat(observations).isNotEmpty();
            // Each declared, so that a user's bean still replaces it by type, and made with the endpoint.
            assertThat(context.getBean(MemoryEndpoint.class).memory().sections()).hasSize(sections.length);
        });
    }

    /** Every auto-configuration the starter lists, in its own order. */
    private static Class<?>[] memguardAutoConfigurations() {
        ImportCandidates candidates = ImportCandidates.load(AutoConfiguration.class,
                MemoryEndpointAutoConfigurationTests.class.getClassLoader());
        return StreamSupport.stream(candidates.spliterator(), false)
                .filter((name) -> name.startsWith("io.memguard."))
                .map((name) -> {
                    try {
                        return Class.forName(name);
                    }
                    catch (ClassNotFoundException ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .toArray(Class<?>[]::new);
    }

    @Test
    void backsOffFromAUserEndpoint() {
        MemoryEndpoint custom = new MemoryEndpoint(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE),
                java.util.List.of());
        runner.withPropertyValues("management.endpoints.web.exposure.include=memory")
                .withBean(MemoryEndpoint.class, () -> custom)
                .run((context) -> assertThat(context).getBean(MemoryEndpoint.class).isSameAs(custom));
    }
}
