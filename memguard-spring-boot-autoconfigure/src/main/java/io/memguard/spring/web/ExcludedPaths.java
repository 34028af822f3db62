package io.memguard.spring.web;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.validation.Errors;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PatternParseException;
import org.springframework.web.util.pattern.PathPatternParser;

import io.memguard.autoconfigure.PropertyChecks;

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
     * Rejects a list field of a properties class that holds an invalid pattern, for its
     * {@link org.springframework.validation.Validator}.
     *
     * @param errors   the errors of the properties object being validated
     * @param field    the list field, such as {@code excludedPaths}
     * @param patterns its patterns
     * @since 0.2.0
     */
    public static void rejectInvalid(Errors errors, String field, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            try {
                parse(patterns.get(i));
            }
            catch (PatternParseException ex) {
                PropertyChecks.reject(errors, field, "'" + patterns.get(i) + "' (index " + i + ") is not a valid path"
                        + " pattern: " + ex.getMessage() + "; use patterns such as /api/ping or /public/**");
                return;
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
