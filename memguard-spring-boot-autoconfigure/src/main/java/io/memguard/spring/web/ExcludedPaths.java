package io.memguard.spring.web;

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
 * <p>Every request is matched, so matching is kept cheap: a pattern that starts with a literal ({@code /actuator/**},
 * {@code /favicon.*}) can match only a path whose first segment starts with that literal, and is tried only then. A
 * request to {@code /api/orders} is settled by comparing its first segment with each pattern's literal start, without
 * running (and allocating for) {@link PathPattern#matches}.
 *
 * @since 0.1.0
 */
public final class ExcludedPaths {

    /** The characters at which the literal start of a pattern's first segment ends. */
    private static final String NOT_LITERAL = "/*?{\\";

    private final PathPattern[] patterns;

    /** For each pattern, what the first segment of every path it matches starts with; empty when it can be anything. */
    private final String[] firstSegmentStarts;

    private ExcludedPaths(List<PathPattern> patterns) {
        this.patterns = patterns.toArray(PathPattern[]::new);
        this.firstSegmentStarts = patterns.stream().map((pattern) -> firstSegmentStart(pattern.getPatternString()))
                .toArray(String[]::new);
    }

    /**
     * The literal characters a pattern's first segment starts with: {@code actuator} for {@code /actuator/**},
     * {@code favicon.} for {@code /favicon.*}, nothing for {@code /**} or {@code /{tenant}/**}. A path the pattern
     * matches has a separator, then a segment matched by the pattern's first element, which compares its literal text
     * with the segment's decoded value.
     */
    static String firstSegmentStart(String pattern) {
        if (!pattern.startsWith("/")) {
            return "";
        }
        int end = 1;
        while (end < pattern.length() && NOT_LITERAL.indexOf(pattern.charAt(end)) < 0) {
            end++;
        }
        return pattern.substring(1, end);
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
        if (patterns.length == 0) {
            return false;
        }
        String firstSegment = firstSegment(pathWithinApplication);
        for (int i = 0; i < patterns.length; i++) {
            if (firstSegment.startsWith(firstSegmentStarts[i]) && patterns[i].matches(pathWithinApplication)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decoded value of the path's first segment, or an empty string without one. Where the path does not start
     * with a separator and a segment, no pattern with a literal start matches it, whatever this returns.
     */
    private static String firstSegment(PathContainer path) {
        List<PathContainer.Element> elements = path.elements();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) instanceof PathContainer.PathSegment segment) {
                return segment.valueToMatch();
            }
        }
        return "";
    }
}
