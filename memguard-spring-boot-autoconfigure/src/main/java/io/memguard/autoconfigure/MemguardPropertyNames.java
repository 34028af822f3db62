package io.memguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The {@code memguard.*} property and group names of the configuration metadata that the build generates, and the
 * one nearest to a misspelt key.
 *
 * <p>Read only when a key is unknown, so that a correct configuration does not parse the metadata at start-up.
 *
 * @since 0.1.0
 */
public final class MemguardPropertyNames {

    static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private final Set<String> properties;

    private final Set<String> groups;

    private MemguardPropertyNames(Set<String> properties, Set<String> groups) {
        this.properties = properties;
        this.groups = groups;
    }

    /**
     * The names of every {@code memguard.*} property and group in the metadata on the class path.
     *
     * @param classLoader where to find the metadata
     * @return the names
     */
    public static MemguardPropertyNames fromMetadata(ClassLoader classLoader) {
        Set<String> properties = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        try {
            for (URL url : Collections.list(classLoader.getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                            .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    collect(metadata.get("properties"), properties);
                    collect(metadata.get("groups"), groups);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + METADATA, ex);
        }
        return new MemguardPropertyNames(properties, groups);
    }

    private static void collect(@Nullable Object entries, Set<String> names) {
        if (entries instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> item && item.get("name") instanceof String name
                        && name.startsWith("memguard.")) {
                    names.add(name);
                }
            }
        }
    }

    /**
     * The valid key nearest to {@code key} by edit distance, if one is close enough to be a likely meaning: at most
     * a quarter of the compared characters differ (at least three are allowed), which catches a typo, a swapped
     * pair of letters or a missing word separator, but never suggests an unrelated property. When no property is
     * close, a group is, compared with as many leading parts of the key as the group has: {@code memguard.presure.x}
     * is nearest to {@code memguard.pressure.*}.
     *
     * @param key a {@code memguard.*} key that no property has, in the canonical (dashed, lower-case) form
     * @return the nearest property name, or the nearest group name followed by {@code .*}, or empty when none is
     *         close
     */
    public Optional<String> nearest(String key) {
        Optional<String> property = nearest(key, properties, (name) -> key);
        return property.isPresent() ? property
                : nearest(key, groups, (group) -> leadingParts(key, group)).map((group) -> group + ".*");
    }

    private static Optional<String> nearest(String key, Set<String> candidates,
            Function<String, String> comparedPart) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestAllowed = 0;
        for (String candidate : candidates) {
            String compared = comparedPart.apply(candidate);
            int distance = editDistance(compared, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
                bestAllowed = Math.max(3, compared.length() / 4);
            }
        }
        return (best != null && bestDistance <= bestAllowed) ? Optional.of(best) : Optional.empty();
    }

    /** The leading parts of {@code key}, as many as {@code group} has. */
    private static String leadingParts(String key, String group) {
        int parts = group.split("\\.").length;
        int end = -1;
        for (int i = 0; i < parts; i++) {
            end = key.indexOf('.', end + 1);
            if (end < 0) {
                return key;
            }
        }
        return key.substring(0, end);
    }

    /**
     * Every property name.
     *
     * @return the property names, sorted
     */
    public Set<String> properties() {
        return Collections.unmodifiableSet(properties);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
