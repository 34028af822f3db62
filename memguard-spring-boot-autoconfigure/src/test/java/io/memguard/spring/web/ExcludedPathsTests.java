package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

class ExcludedPathsTests {

    private static final List<String> PATTERNS = List.of("/actuator/**", "/actuator/health/liveness", "/css/**",
            "/favicon.*", "/webjars/**", "/demo/**", "/v{version}/ping", "/{tenant}/admin/**", "/**/*.map",
            "/files/{*rest}", "/ca?he/*", "relative/**", "/caf%C3%A9/**", "/caf\u00e9/menu");

    private static final List<String> PATHS = List.of("/", "", "/api/drafts", "/api/drafts/7", "/actuator",
            "/actuator/health/liveness", "/actuatorx/health", "/css/site.css", "/css", "/css;jsessionid=1/site.css",
            "/favicon.ico", "/favicon", "/webjars/x/y.js", "/demo/hold", "/v2/ping", "/v/ping", "/x/ping",
            "/acme/admin/users", "/app/main.js.map", "/files/a/b/c", "/cache/x", "/cathe/y", "/relative/x",
            "relative/x", "//css/site.css", "/caf%C3%A9/menu", "/caf\u00e9/menu", "/CSS/site.css");

    @Test
    void matchesExactlyWhatItsPatternsMatch() {
        List<PathPattern> parsed = PATTERNS.stream().map(ExcludedPaths::parse).toList();
        for (String pattern : PATTERNS) {
            ExcludedPaths single = ExcludedPaths.of(List.of(pattern));
            for (String path : PATHS) {
                PathContainer container = PathContainer.parsePath(path);
                assertThat(single.matches(container)).as("%s against %s", pattern, path)
                        .isEqualTo(ExcludedPaths.parse(pattern).matches(container));
            }
        }
        ExcludedPaths all = ExcludedPaths.of(PATTERNS);
        for (String path : PATHS) {
            PathContainer container = PathContainer.parsePath(path);
            assertThat(all.matches(container)).as(path)
                    .isEqualTo(parsed.stream().anyMatch((pattern) -> pattern.matches(container)));
        }
    }

    @Test
    void takesTheLiteralStartOfTheFirstSegment() {
        assertThat(ExcludedPaths.firstSegmentStart("/actuator/**")).isEqualTo("actuator");
        assertThat(ExcludedPaths.firstSegmentStart("/favicon.*")).isEqualTo("favicon.");
        assertThat(ExcludedPaths.firstSegmentStart("/v{version}/ping")).isEqualTo("v");
        assertThat(ExcludedPaths.firstSegmentStart("/ca?he/*")).isEqualTo("ca");
        assertThat(ExcludedPaths.firstSegmentStart("/demo")).isEqualTo("demo");
        assertThat(ExcludedPaths.firstSegmentStart("/**")).isEmpty();
        assertThat(ExcludedPaths.firstSegmentStart("/{tenant}/admin")).isEmpty();
        assertThat(ExcludedPaths.firstSegmentStart("relative/**")).isEmpty();
    }

    @Test
    void allocatesNothingForAPathNoPatternCouldMatch() {
        ExcludedPaths excluded = ExcludedPaths.of(List.of("/demo/**", "/actuator/**", "/actuator/health/liveness",
                "/actuator/health/readiness", "/css/**", "/js/**", "/images/**", "/favicon.*", "/webjars/**"));
        PathContainer path = PathContainer.parsePath("/api/drafts/7");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        boolean matched = false;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            matched |= excluded.matches(path);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(matched).isFalse();
        // Matching each pattern allocated a matching context (and a regex matcher for /favicon.*): megabytes here.
        assertThat(allocated).isLessThan(1024);
    }
}
