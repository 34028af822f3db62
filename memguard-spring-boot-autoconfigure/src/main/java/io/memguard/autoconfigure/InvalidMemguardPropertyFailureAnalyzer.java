package io.memguard.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up failure caused by a bad {@code memguard.*} property: which property, what is wrong with it,
 * and how to fix it.
 *
 * @since 0.1.0
 */
public final class InvalidMemguardPropertyFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidMemguardPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidMemguardPropertyException cause) {
        return new FailureAnalysis("Invalid memguard configuration: " + cause.getMessage(), cause.action(), cause);
    }
}
