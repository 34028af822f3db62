package io.memguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        List<Path> sources;
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
        }
        List<Path> modelChecked = sources.stream().filter((source) -> LINCHECK_OPERATION.matcher(read(source)).find()).toList();
        assertThat(modelChecked).as("model-checked tests under %s", TEST_SOURCES.toAbsolutePath()).isNotEmpty();
        for (Path source : modelChecked) {
            assertThat(read(source)).as(source.toString()).contains("ModelChecking.options()")
                    .doesNotContain("new ModelCheckingOptions(", "new StressOptions(");
        }
    }

    @Test
    void theSharedOptionsGiveAnInterleavingFiveMinutes() {
        assertThat(ModelChecking.options().createTestConfigurations(Object.class).getTimeoutMs())
                .isEqualTo(5 * 60 * 1000L);
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + source, ex);
        }
    }
}
