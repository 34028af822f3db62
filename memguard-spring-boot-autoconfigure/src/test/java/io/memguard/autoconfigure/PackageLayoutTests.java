package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * The layout a newcomer can guess classes from: {@code io.memguard.autoconfigure.<feature>} holds the
 * auto-configurations, their properties and the few beans that only join a feature's parts, and what runs in the
 * application lives in {@code io.memguard.spring.*} (web, actuate, metrics, event), which never reaches back into
 * the wiring.
 */
class PackageLayoutTests {

    private static final Path MAIN = Path.of("src", "main", "java");

    /**
     * The public types of the wiring packages that are neither configurations nor properties: the extension points
     * of the wiring itself and the start-up checks of the properties. The beans that only join a feature's parts for
     * the context's lifetime are package-private beside the auto-configuration that declares them.
     */
    private static final Set<String> WIRING = Set.of("ConditionalOnMemguardEnabled", "PropertyChecks",
            "MemguardPropertyNames", "MemguardPropertiesCheck", "RingBufferCustomizer");

    /**
     * Where a runtime class still reaches the wiring, and why: the properties classes check their path patterns with
     * the parser of {@code ExcludedPaths}, which reports a bad one through the properties' shared checks.
     */
    private static final Map<String, String> RUNTIME_TO_WIRING = Map.of("io.memguard.spring.web.ExcludedPaths",
            "io.memguard.autoconfigure.PropertyChecks");

    private static final Pattern WIRING_REFERENCE = Pattern.compile(
            "\\bio\\.memguard\\.autoconfigure\\.[\\w.]*[A-Z]\\w*");

    @Test
    void theWiringPackagesHoldConfigurationsPropertiesAndTheBeansThatJoinThem() throws Exception {
        Set<String> other = new TreeSet<>();
        for (String name : typesUnder("io.memguard.autoconfigure")) {
            Class<?> type = Class.forName(name);
            MergedAnnotations annotations = MergedAnnotations.from(type,
                    MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
            boolean configuration = annotations.isPresent(AutoConfiguration.class)
                    || annotations.isPresent(Configuration.class);
            boolean properties = annotations.isPresent(ConfigurationProperties.class)
                    || (Modifier.isAbstract(type.getModifiers()) && type.getSimpleName().endsWith("Properties"));
            if (Modifier.isPublic(type.getModifiers()) && !configuration && !properties
                    && !WIRING.contains(type.getSimpleName())) {
                other.add(name);
            }
        }
        assertThat(other).as("public runtime types in io.memguard.autoconfigure: move them to io.memguard.spring.*")
                .isEmpty();
    }

    @Test
    void theRuntimePackagesDoNotReachBackIntoTheWiring() throws IOException {
        Map<String, Set<String>> references = new TreeMap<>();
        for (String name : typesUnder("io.memguard.spring")) {
            String source = code(Files.readString(sourceOf(name), StandardCharsets.UTF_8));
            Matcher matcher = WIRING_REFERENCE.matcher(source);
            while (matcher.find()) {
                String target = matcher.group();
                if (!target.equals(RUNTIME_TO_WIRING.get(name))) {
                    references.computeIfAbsent(name, (key) -> new TreeSet<>()).add(target);
                }
            }
        }
        assertThat(references).as("io.memguard.spring.* types that use io.memguard.autoconfigure.*").isEmpty();
        assertThat(typesUnder("io.memguard.spring")).as("the runtime packages").isNotEmpty()
                .containsAll(RUNTIME_TO_WIRING.keySet());
    }

    /** The top-level types whose sources lie under a package, package-info excluded. */
    private static List<String> typesUnder(String packageName) throws IOException {
        Path root = MAIN.resolve(packageName.replace('.', '/'));
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter((file) -> file.toString().endsWith(".java"))
                    .filter((file) -> !file.getFileName().toString().equals("package-info.java"))
                    .map((file) -> MAIN.relativize(file).toString().replace('/', '.').replace('\\', '.'))
                    .map((file) -> file.substring(0, file.length() - ".java".length()))
                    .sorted()
                    .toList();
        }
    }

    private static Path sourceOf(String type) {
        return MAIN.resolve(type.replace('.', '/') + ".java");
    }

    /** The source without its comments, so that a Javadoc link to the wiring does not count as a use. */
    private static String code(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }
}
