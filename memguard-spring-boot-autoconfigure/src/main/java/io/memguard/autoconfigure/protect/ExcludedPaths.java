package io.memguard.autoconfigure.protect;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PatternParseException;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The paths load shedding never refuses, as {@link PathPattern}s matched against the path within the
 * application (without the context path), the way Spring MVC and WebFlux match their mappings.
 *
 * @since 0.1.0
 */
public final class ExcludedPaths {

    private final List<PathPattern> patterns;

    private ExcludedPaths(List<PathPattern> patterns) {
        this.patterns = patterns;
    }

    /**
     * Parses the patterns.
     *
     * @param patterns patterns such as {@code /actuator/**}
     * @return the excluded paths
     * @throws IllegalArgumentException naming the pattern, if a pattern is invalid
     */
    public static ExcludedPaths of(List<String> patterns) {
        return new ExcludedPaths(patterns.stream().map(ExcludedPaths::parseArgument).toList());
    }

    private static PathPattern parseArgument(String pattern) {
        try {
            return parse(pattern);
        }
        catch (PatternParseException ex) {
            throw new IllegalArgumentException("Excluded path '" + pattern + "' is not a valid path pattern: "
                    + ex.getMessage(), ex);
        }
    }

    static PathPattern parse(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }

    /**
     * Whether a path is excluded.
     *
     * @param pathWithinApplication the request path without the context path
     * @return {@code true} if any pattern matches it
     */
    public boolean matches(PathContainer pathWithinApplication) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(pathWithinApplication)) {
                return true;
            }
        }
        return false;
    }
}
