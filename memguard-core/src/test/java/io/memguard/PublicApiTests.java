package io.memguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The public API of core is managed: each package's public top-level types are listed here, so that a type made
 * public, or one that stops being public, is a decision seen in review and written in CHANGELOG.md, not an accident.
 * Implementations stay package-private; users reach them through the listed interfaces, builders and factories.
 * {@code io.memguard.internal} is not API (docs/versioning.md) and is not listed.
 */
class PublicApiTests {

    private static final Path MAIN_SOURCES = Path.of("src/main/java/io/memguard");

    private static final Map<String, Set<String>> PUBLIC_TYPES = Map.of(
            "buffer", Set.of("BufferLeak", "BufferLease", "BufferPool", "BufferPoolSnapshot", "LeakDetection"),
            "pool", Set.of("AbandonedObject", "ObjectLease", "ObjectPool", "ObjectPoolRegistry", "ObjectPoolSnapshot",
                    "PoolExhaustedException"),
            "mapped", Set.of("MappedSegment"),
            "ringbuffer", Set.of("DropReason", "OverflowPolicy", "RingBuffer", "RingBufferMetrics",
                    "RingBufferRegistry"),
            "cleanup", Set.of("CacheShrinkReport", "CaffeineCacheShrinker", "CaffeineCacheSource",
                    "CleanupRegistration", "CleanupScheduler", "CleanupTask"),
            "diagnostics", Set.of("ContainerMisfit", "HeapTrendDetector", "JvmFootprint", "MemoryAlert", "MemoryAlerts",
                    "MemoryObservationContributor", "MemoryObservations", "MemoryProfiler", "OutOfMemoryDetector",
                    "PressureHistoryRecorder", "ProfilingSession", "Recommendation", "RecommendationEngine"));

    @Test
    void eachListedPackageMakesPublicExactlyTheListedTypes() throws IOException, ClassNotFoundException {
        for (Map.Entry<String, Set<String>> listed : PUBLIC_TYPES.entrySet()) {
            assertThat(publicTopLevelTypes(listed.getKey()))
                    .as("public top-level types of io.memguard.%s", listed.getKey())
                    .containsExactlyInAnyOrderElementsOf(listed.getValue());
        }
    }

    private static Set<String> publicTopLevelTypes(String packageName) throws IOException, ClassNotFoundException {
        // Read from the sources, not from target/classes, where a class whose source was deleted may linger.
        Path directory = MAIN_SOURCES.resolve(packageName);
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".java") || fileName.equals("package-info.java")) {
                    continue;
                }
                String simpleName = fileName.substring(0, fileName.length() - ".java".length());
                Class<?> type = Class.forName("io.memguard." + packageName + "." + simpleName, false,
                        PublicApiTests.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())) {
                    names.add(simpleName);
                }
            }
        }
        assertThat(names).as("types of io.memguard.%s under %s", packageName, directory.toAbsolutePath())
                .isNotEmpty();
        return names;
    }
}
