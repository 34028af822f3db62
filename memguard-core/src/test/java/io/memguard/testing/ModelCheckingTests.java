package io.memguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@link ModelChecking} the one way a model-checked test gets its Lincheck options, so that a new test cannot
 * fall back to Lincheck's 30 s budget for an interleaving (which failed a CI run on 2026-12-07).
 */
class ModelCheckingTests {

    private static final Path TEST_SOURCES = Path.of("src/test/java");

    /** The import by which a model-checked test declares its operations, at the start of a line. */
    private static final Pattern LINCHECK_OPERATION = Pattern
            .compile("(?m)^import org\\.jetbrains\\.lincheck\\.datastructures\\.Operation;");

    @Test
    void everyModelCheckedTestStartsFromTheSharedOptions() throws IOException {
        Map<Path, String> modelChecked = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
        }
        for (Path file : sources) {
            String source = Files.readString(file);
            if (LINCHECK_OPERATION.matcher(source).find()) {
                modelChecked.put(file, source);
            }
        }
        assertThat(modelChecked).as("model-checked tests under %s", TEST_SOURCES.toAbsolutePath()).isNotEmpty();
        modelChecked.forEach((file, source) -> assertThat(source).as(file.toString())
                .contains("ModelChecking.options()")
                .doesNotContain("new ModelCheckingOptions(", "new StressOptions("));
    }

    @Test
    void theSharedOptionsGiveAnInterleavingFiveMinutes() {
        assertThat(ModelChecking.options().createTestConfigurations(Object.class).getTimeoutMs())
                .isEqualTo(5 * 60 * 1000L);
    }
}
