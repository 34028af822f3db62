package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.PressureSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.DurationStyle;

class MemguardPropertiesTests {

    @Test
    void defaultsAreTheCoreDefaults() {
        assertThat(MemguardAutoConfiguration.pressureSettings(new MemguardProperties())).isEqualTo(PressureSettings.defaults());
    }

    @Test
    void everyMemguardPropertyHasADescriptionInTheGeneratedMetadata() throws IOException, URISyntaxException {
        List<Map<String, Object>> properties = memguardProperties();
        assertThat(properties).as("memguard properties in the generated metadata").hasSizeGreaterThan(30);
        assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
                .as("description of %s", property.get("name")).isNotBlank());
    }

    @Test
    void everyDefaultInTheGeneratedMetadataIsTheBoundDefault() throws IOException, URISyntaxException {
        BeanWrapper defaults = PropertyAccessorFactory.forBeanPropertyAccess(new MemguardProperties());
        // Only this class's properties: every feature's properties class has its own tests.
        List<Map<String, Object>> own = memguardProperties().stream()
                .filter((property) -> String.valueOf(property.get("sourceType"))
                        .startsWith(MemguardProperties.class.getName()))
                .toList();
        assertThat(own).as("properties of MemguardProperties").hasSizeGreaterThan(20);
        assertThat(own).allSatisfy((property) -> {
            String name = (String) property.get("name");
            Object actual = defaults.getPropertyValue(beanPath(name));
            Object documented = property.get("defaultValue");
            assertThat(documented).as("default of %s", name).isNotNull();
            if (actual instanceof Duration duration) {
                assertThat(DurationStyle.detectAndParse(documented.toString())).as(name).isEqualTo(duration);
            }
            else if (actual instanceof Double ratio) {
                assertThat(((Number) documented).doubleValue()).as(name).isEqualTo(ratio);
            }
            else if (actual instanceof Enum<?> constant) {
                assertThat(documented).as(name).isEqualTo(constant.name().toLowerCase(Locale.ROOT));
            }
            else {
                assertThat(documented).as(name).isEqualTo(actual);
            }
        });
    }

    private static String beanPath(String property) {
        StringBuilder path = new StringBuilder();
        String[] words = property.substring("memguard.".length()).split("-");
        path.append(words[0]);
        for (int i = 1; i < words.length; i++) {
            path.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return path.toString();
    }

    private static List<Map<String, Object>> memguardProperties() throws IOException, URISyntaxException {
        Path classes = Path.of(MemguardProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream metadata = Files
                .newInputStream(classes.resolve("META-INF/spring-configuration-metadata.json"))) {
            return JsonPath.parse(metadata).read("$.properties[?(@.name =~ /memguard\\..*/)]");
        }
    }
}
