package io.memguard.autoconfigure.protect;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PatternParseException;
import org.springframework.web.util.pattern.PathPatternParser;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;

/**
 * A list of {@link PathPattern}s matched against the path within the application (without the context path), the
 * way Spring MVC and WebFlux match their mappings: the paths load shedding and admission spare, and admission's
 * priority paths.
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

    /**
     * Checks the patterns a list property holds, for the properties class that binds it.
     *
     * @param property  the list property, such as {@code memguard.shedding.excluded-paths}
     * @param patterns  its patterns
     * @throws InvalidMemguardPropertyException naming the property, the index and the pattern, for the first invalid
     *                                          pattern
     * @since 0.3.0
     */
    public static void checkProperty(String property, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            try {
                parse(patterns.get(i));
            }
            catch (PatternParseException ex) {
                throw new InvalidMemguardPropertyException(property, property + "[" + i + "] '" + patterns.get(i)
                        + "' is not a valid path pattern: " + ex.getMessage(), "Fix " + property + "[" + i
                                + "]: use patterns such as /api/ping or /public/**.");
            }
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
