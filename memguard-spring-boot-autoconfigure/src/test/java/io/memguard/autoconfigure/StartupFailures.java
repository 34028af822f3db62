package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * Assertions on why an application context failed to start: every bad {@code memguard.*} property fails with an
 * {@link InvalidMemguardPropertyException} at the root, naming the property and the fix, which
 * {@link InvalidMemguardPropertyFailureAnalyzer} reports.
 */
public final class StartupFailures {

    private StartupFailures() {
    }

    /**
     * The deepest cause of the context's start-up failure; fails if it started.
     *
     * @param context the context
     * @return the root cause
     */
    public static Throwable rootCauseOf(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
    }

    /**
     * Asserts that the context failed because of {@code property}, with a message that contains {@code message},
     * and that the failure analyzer reports it with a fix that names the property.
     *
     * @param context  the context
     * @param property the full property name
     * @param message  a part of the expected message
     */
    public static void assertInvalidProperty(AssertableApplicationContext context, String property, String message) {
        assertThat(rootCauseOf(context)).isInstanceOfSatisfying(InvalidMemguardPropertyException.class, ex -> {
            assertThat(ex.property()).isEqualTo(property);
            assertThat(ex.getMessage()).contains(property).contains(message);
            assertThat(ex.action()).contains(property.replaceAll("\\[\\d+]$", ""));
            FailureAnalysis analysis = new InvalidMemguardPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).isEqualTo("Invalid memguard configuration: " + ex.getMessage());
            assertThat(analysis.getAction()).isEqualTo(ex.action());
        });
    }

    /**
     * Asserts that {@code properties} fail start-up because memguard rejects {@code value} of {@code property} for
     * {@code reason}.
     *
     * @param runner     the runner
     * @param property   the full property name
     * @param value      the value as bound
     * @param reason     the reason memguard gives
     * @param properties the properties to start with
     */
    public static void assertInvalidProperty(ApplicationContextRunner runner, String property, String value,
            String reason, String... properties) {
        runner.withPropertyValues(properties).run(context -> assertInvalidProperty(context, property,
                "Invalid value '" + value + "' for " + property + ": " + reason));
    }
}
