package io.memguard.spring.web;

import java.util.List;

/**
 * Contributes path patterns that load shedding never refuses. Every contributor bean adds its patterns to the
 * ones listed in {@code memguard.shedding.excluded-paths}: memguard contributes the actuator and its health probes
 * and the application's static resources; an application can add a bean of its own.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExcludedPathsContributor {

    /**
     * The patterns, in {@link org.springframework.web.util.pattern.PathPattern} syntax, matched against the path
     * within the application.
     *
     * @return the patterns, possibly none
     */
    List<String> excludedPaths();
}
