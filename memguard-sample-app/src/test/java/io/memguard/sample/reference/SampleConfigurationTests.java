package io.memguard.sample.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the sample {@code application.yml} in step with the configuration metadata that
 * memguard-spring-boot-autoconfigure generates: it sets every property memguard owns (the {@code memguard.*} ones,
 * and its endpoint's and health contributor's settings under {@code management.endpoint.memory.*} and
 * {@code management.health.memory.*}), and no name there that is not one. A map-valued property, such as
 * {@code memguard.ring-buffers.instances}, is configured by its entries. The
 * property reference, docs/reference.md, is generated from the same metadata (autoconfigure's
 * {@code PropertyReferenceTests}).
 */
class SampleConfigurationTests {

    /** Where memguard's properties live: its own namespace, and the actuator's, beside Boot's settings. */
    private static final List<String> OWNED = List.of("memguard.", "management.endpoint.memory.",
            "management.health.memory.");

    /** Every property of the metadata that memguard owns. */
    private static final Set<String> properties = new TreeSet<>();

    /** The map-valued ones. */
    private static final Set<String> maps = new TreeSet<>();

    @BeforeAll
    static void readMetadata() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(SampleConfigurationTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = json.readTree(in);
                for (JsonNode property : metadata.path("properties")) {
                    String name = property.path("name").asString();
                    if (owned(name)) {
                        properties.add(name);
                        if (property.path("type").asString("").startsWith("java.util.Map<")) {
                            maps.add(name);
                        }
                    }
                }
            }
        }
        assertThat(properties).as("memguard properties in the configuration metadata").hasSizeGreaterThan(100);
        assertThat(maps).contains("memguard.ring-buffers.instances");
        assertThat(properties).contains("management.health.memory.high-status",
                "management.endpoint.memory.quotas.top-streams");
    }

    private static boolean owned(String name) {
        return OWNED.stream().anyMatch(name::startsWith);
    }

    @Test
    void theSampleConfigurationSetsEveryPropertyAndNoOther() throws IOException {
        Set<String> configured = sampleNames();

        Set<String> missing = new TreeSet<>();
        for (String property : properties) {
            String prefix = property + (maps.contains(property) ? "." : "");
            boolean present = maps.contains(property)
                    ? configured.stream().anyMatch(name -> name.startsWith(prefix))
                    : configured.contains(property);
            if (!present) {
                missing.add(property);
            }
        }
        assertThat(missing).as("properties missing from the sample application.yml").isEmpty();

        Set<String> unknown = new TreeSet<>();
        for (String name : configured) {
            if (!properties.contains(name) && maps.stream().noneMatch(map -> name.startsWith(map + "."))) {
                unknown.add(name);
            }
        }
        assertThat(unknown).as("names in the sample application.yml that are no memguard property").isEmpty();
    }

    /** The names the sample application.yml sets where memguard's properties live, list indexes removed. */
    private static Set<String> sampleNames() throws IOException {
        Set<String> names = new TreeSet<>();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
                new ClassPathResource("application.yml"));
        for (PropertySource<?> source : sources) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (owned(name)) {
                    names.add(name.replaceAll("\\[\\d+]$", ""));
                }
            }
        }
        return names;
    }
}
