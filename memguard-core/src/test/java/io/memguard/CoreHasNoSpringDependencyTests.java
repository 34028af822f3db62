package io.memguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * memguard-core must stay usable from plain Java, Quarkus or Micronaut: no Spring import in main code.
 */
class CoreHasNoSpringDependencyTests {

    private static final Path MAIN_SOURCES = Path.of("src/main/java");

    @Test
    void mainSourcesImportNothingFromSpring() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("core main sources found under %s", MAIN_SOURCES.toAbsolutePath()).isNotEmpty();
        for (Path source : sources) {
            assertThat(Files.readString(source))
                    .as("%s must not depend on Spring", source)
                    .doesNotContainPattern("(?m)^\\s*import\\s+(static\\s+)?org\\.springframework\\.");
        }
    }

    @Test
    void springIsNotOnTheCoreClasspath() {
        assertThat(getClass().getClassLoader().getResource("org/springframework/core/SpringVersion.class"))
                .as("Spring must not be a dependency of memguard-core")
                .isNull();
    }
}
