package io.memguard.diagnostics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One concrete piece of advice about this instance's memory, with the figures that led to it.
 *
 * @param id       a stable kebab-case identifier of the kind of advice, such as {@code heap-near-container-limit}
 * @param advice   what was observed and what to change, in a few sentences
 * @param evidence the observed figures behind the advice, by name, in a stable order
 * @since 0.1.0
 */
public record Recommendation(String id, String advice, Map<String, Object> evidence) {

    public Recommendation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(advice, "advice");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(evidence, "evidence")));
    }
}
