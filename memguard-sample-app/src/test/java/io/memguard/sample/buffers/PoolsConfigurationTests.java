package io.memguard.sample.buffers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPoolSnapshot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest
class PoolsConfigurationTests {

    @Autowired
    BufferPool buffers;

    @Test
    void theSampleConfigurationNamesOnlyRealPoolPropertiesAndEveryOne() throws IOException {
        Set<String> configured = new HashSet<>();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
                new ClassPathResource("application.yml"));
        for (PropertySource<?> source : sources) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (name.startsWith("memguard.buffer-pool.") || name.startsWith("memguard.object-pool.")) {
                    configured.add(name.replaceAll("\\[\\d+]$", ""));
                }
            }
        }

        assertThat(configured).containsExactlyInAnyOrderElementsOf(poolPropertiesInMetadata());
    }

    @Test
    void thePoolIsBuiltFromTheSampleConfiguration() {
        BufferPoolSnapshot stats = buffers.snapshot();
        assertThat(stats.maxPerBucket()).isEqualTo(256);
        assertThat(stats.maxRetainedBytes()).isEqualTo(64L << 20);
        assertThat(stats.buckets()).hasSize(11);
    }

    private static Set<String> poolPropertiesInMetadata() throws IOException {
        Set<String> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL metadata : Collections.list(PoolsConfigurationTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("memguard.buffer-pool.") || name.startsWith("memguard.object-pool.")) {
                        names.add(name);
                    }
                }
            }
        }
        assertThat(names).as("pool properties in the configuration metadata").hasSizeGreaterThan(15);
        return names;
    }
}
