package io.memguard.sample.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the property reference (docs/reference.md) and the sample {@code application.yml} in step with the
 * configuration metadata that memguard-spring-boot-autoconfigure generates: every {@code memguard.*} property is in both, with a
 * description, and neither names a property that does not exist. A map-valued property, such as
 * {@code memguard.ring-buffers.instances}, is documented as its prefix ({@code memguard.ring-buffers.instances.*})
 * and configured by its entries.
 */
class PropertyReferenceTests {

    /** A property name in the reference, with its {@code <placeholder>} parts and a {@code .*} map suffix. */
    private static final Pattern REFERENCE_NAME = Pattern.compile("`(memguard\\.[a-z0-9.<>*-]*[a-z0-9>*])`");

    /** The sibling shorthand of the reference: {@code `memguard.x.low` / `.moderate` / `.high`}. */
    private static final Pattern SIBLING = Pattern.compile("\\s*/\\s*`\\.([a-z0-9-]+)`");

    private static final Pattern REFERENCE_REGION = Pattern
            .compile("<!-- reference:[a-z-]+ -->(.*?)(?=<!-- (?:reference|section|performance):|\\z)", Pattern.DOTALL);

    /** Every memguard.* property of the metadata, by name, with its description. */
    private static final Map<String, String> properties = new TreeMap<>();

    /** The map-valued ones. */
    private static final Set<String> maps = new TreeSet<>();

    /** The groups, which prose may name. */
    private static final Set<String> groups = new TreeSet<>();

    @BeforeAll
    static void readMetadata() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(PropertyReferenceTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = json.readTree(in);
                for (JsonNode property : metadata.path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("memguard.")) {
                        properties.put(name, property.path("description").asString(""));
                        if (property.path("type").asString("").startsWith("java.util.Map<")) {
                            maps.add(name);
                        }
                    }
                }
                for (JsonNode group : metadata.path("groups")) {
                    groups.add(group.path("name").asString());
                }
            }
        }
        assertThat(properties).as("memguard properties in the configuration metadata").hasSizeGreaterThan(100);
        assertThat(maps).contains("memguard.ring-buffers.instances");
    }

    @Test
    void everyPropertyHasADescription() {
        assertThat(properties).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
    }

    @Test
    void theReferenceDocumentsEveryProperty() throws IOException {
        List<String> documented = readmeNames();

        Set<String> undocumented = new TreeSet<>();
        for (String property : properties.keySet()) {
            // A map is documented by its entries, such as memguard.ring-buffers.instances.<name>.capacity.
            boolean found = maps.contains(property)
                    ? documented.stream().anyMatch(name -> name.startsWith(property + "."))
                    : documented.stream().anyMatch(name -> toPattern(name).matcher(property).matches());
            if (!found) {
                undocumented.add(maps.contains(property) ? property + ".*" : property);
            }
        }
        assertThat(undocumented).as("properties missing from the property reference (docs/reference.md)").isEmpty();
    }

    @Test
    void theReferenceNamesNoUnknownProperty() throws IOException {
        Set<String> unknown = new TreeSet<>();
        for (String name : readmeNames()) {
            Pattern pattern = toPattern(name);
            boolean known = properties.keySet().stream().anyMatch(property -> pattern.matcher(property).matches())
                    || groups.stream().anyMatch(group -> pattern.matcher(group).matches()
                            || name.equals(group + ".*"))
                    || maps.stream().anyMatch(map -> name.equals(map) || name.startsWith(map + "."));
            if (!known) {
                unknown.add(name);
            }
        }
        assertThat(unknown).as("names in the property reference (docs/reference.md) that are no memguard property")
                .isEmpty();
    }

    @Test
    void theSampleConfigurationSetsEveryPropertyAndNoOther() throws IOException {
        Set<String> configured = sampleNames();

        Set<String> missing = new TreeSet<>();
        for (String property : properties.keySet()) {
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
            if (!properties.containsKey(name) && maps.stream().noneMatch(map -> name.startsWith(map + "."))) {
                unknown.add(name);
            }
        }
        assertThat(unknown).as("names in the sample application.yml that are no memguard property").isEmpty();
    }

    /** The property names of the reference regions of docs/reference.md, sibling shorthands expanded. */
    private static List<String> readmeNames() throws IOException {
        String reference = Files.readString(Path.of("..", "docs", "reference.md"));
        List<String> names = new ArrayList<>();
        Matcher region = REFERENCE_REGION.matcher(reference);
        while (region.find()) {
            String text = region.group(1);
            Matcher name = REFERENCE_NAME.matcher(text);
            while (name.find()) {
                String full = name.group(1);
                names.add(full);
                // `memguard.x.low` / `.moderate` / `.high`: the siblings replace the last segment.
                String parent = full.substring(0, full.lastIndexOf('.') + 1);
                Matcher sibling = SIBLING.matcher(text).region(name.end(), text.length());
                while (sibling.lookingAt()) {
                    names.add(parent + sibling.group(1));
                    sibling.region(sibling.end(), text.length());
                }
            }
        }
        assertThat(names).as("property names in the reference regions of docs/reference.md").hasSizeGreaterThan(100);
        return names;
    }

    /** A documented name as a pattern: each {@code <placeholder>} stands for one segment. */
    private static Pattern toPattern(String documented) {
        String quoted = Pattern.quote(documented);
        return Pattern.compile(quoted.replaceAll("<[a-z-]+>", "\\\\E[a-z0-9-]+\\\\Q"));
    }

    /** The memguard.* names the sample application.yml sets, list indexes removed. */
    private static Set<String> sampleNames() throws IOException {
        Set<String> names = new TreeSet<>();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
                new ClassPathResource("application.yml"));
        for (PropertySource<?> source : sources) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (name.startsWith("memguard.")) {
                    names.add(name.replaceAll("\\[\\d+]$", ""));
                }
            }
        }
        return names;
    }
}
