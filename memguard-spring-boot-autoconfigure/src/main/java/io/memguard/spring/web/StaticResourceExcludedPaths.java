package io.memguard.spring.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The paths Spring MVC or WebFlux serves static resources from: the static path pattern
 * ({@code spring.mvc.static-path-pattern} or {@code spring.webflux.static-path-pattern}) when the application
 * gives its static resources a prefix of their own, and the common locations ({@code /css}, {@code /js},
 * {@code /images}, favicons) when they share the root with everything else, plus the webjars pattern. Nothing when
 * the application serves no static resources ({@code spring.web.resources.add-mappings=false}).
 *
 * <p>A static file costs the service little memory, and a page that loads without its stylesheet and scripts is a
 * broken page rather than a lighter one.
 *
 * @since 0.2.0
 */
public final class StaticResourceExcludedPaths implements ExcludedPathsContributor {

    /** Everything: a static path pattern that shares the root with the application's own mappings. */
    private static final String ROOT = "/**";

    /** Where Boot's conventional static content lives when it is served from the root. */
    private static final List<String> COMMON_LOCATIONS = List.of("/css/**", "/js/**", "/images/**", "/favicon.*");

    private final boolean served;

    private final String staticPathPattern;

    private final String webjarsPathPattern;

    /**
     * @param served             whether static resources are served at all ({@code spring.web.resources.add-mappings})
     * @param staticPathPattern  the static path pattern of the web stack
     * @param webjarsPathPattern the webjars path pattern of the web stack
     */
    public StaticResourceExcludedPaths(boolean served, String staticPathPattern, String webjarsPathPattern) {
        this.served = served;
        this.staticPathPattern = staticPathPattern;
        this.webjarsPathPattern = webjarsPathPattern;
    }

    @Override
    public List<String> excludedPaths() {
        if (!served) {
            return List.of();
        }
        List<String> patterns = new ArrayList<>();
        if (ROOT.equals(staticPathPattern)) {
            patterns.addAll(COMMON_LOCATIONS);
        }
        else {
            patterns.add(staticPathPattern);
        }
        patterns.add(webjarsPathPattern);
        return patterns;
    }
}
