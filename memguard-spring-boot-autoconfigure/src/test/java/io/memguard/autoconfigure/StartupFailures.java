package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/**
 * Assertions on why an application context failed to start, as the user reads it: Spring Boot's own failure
 * analysis of a bad {@code memguard.*} property names the property, its value, where it was set, and memguard's
 * reason, which says how to fix it.
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
    public static Throwable rootCauseOf(ApplicationContextAssertProvider<?> context) {
        assertThat(context).hasFailed();
        return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
    }

    /**
     * What Spring Boot prints for the context's start-up failure: the analysis of the first of Boot's (and every
     * other registered) failure analyzers that explains it, as {@code SpringApplication} picks it.
     *
     * @param context the failed context
     * @return the analysis
     */
    public static FailureAnalysis analysisOf(ApplicationContextAssertProvider<?> context) {
        assertThat(context).hasFailed();
        return analysisOf(context.getStartupFailure());
    }

    /**
     * What Spring Boot prints for a start-up failure.
     *
     * @param failure the failure
     * @return the analysis of the first analyzer that explains it
     */
    public static FailureAnalysis analysisOf(Throwable failure) {
        ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
                .and(Environment.class, new StandardEnvironment());
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
                StartupFailures.class.getClassLoader()).load(FailureAnalyzer.class, arguments,
                        FailureHandler.handleMessage((message, ex) -> { }));
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        throw new AssertionError("No failure analyzer explains " + failure);
    }

    /**
     * Asserts that the context failed because memguard rejects {@code value} of {@code property} for
     * {@code reason}, and that Spring Boot's failure analysis reports the property, the value, where it was set and
     * the reason.
     *
     * @param context  the context
     * @param property the full property name, as the user writes it ({@code memguard.pressure.fast-interval})
     * @param value    the value as bound, as Boot prints it (a duration as {@code PT0S})
     * @param reason   a part of the reason memguard gives
     */
    public static void assertInvalidProperty(ApplicationContextAssertProvider<?> context, String property, String value,
            String reason) {
        String description = analysisOf(context).getDescription();
        assertThat(description).contains("Property: " + property + System.lineSeparator(),
                "Value: \"" + value + "\"" + System.lineSeparator(),
                "Origin: \"" + property + "\" from property source", "Reason: ").contains(reason);
    }

    /**
     * Asserts that a failure a Spring component reported, after binding, with Boot's
     * {@link org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException} names the
     * property, its value and {@code reason}. The origin is added by Boot's analyzer from the running application's
     * environment, which a failed test context no longer offers.
     *
     * @param context  the context
     * @param property the full property name
     * @param value    the value
     * @param reason   a part of the reason memguard gives
     */
    public static void assertRejectedValue(ApplicationContextAssertProvider<?> context, String property, String value,
            String reason) {
        assertThat(analysisOf(context).getDescription()).startsWith("Invalid value '" + value
                + "' for configuration property '" + property + "'").contains(reason);
    }

    /**
     * Asserts that Spring Boot could not bind {@code property}, reporting its value, where it was set and a reason
     * that contains {@code reason}: a value that does not convert, or a boolean memguard refuses.
     *
     * @param context  the context
     * @param property the full property name
     * @param value    the value as it was set
     * @param reason   a part of the reason
     */
    public static void assertBindingFailed(ApplicationContextAssertProvider<?> context, String property, String value,
            String reason) {
        assertThat(analysisOf(context).getDescription()).startsWith("Failed to bind properties under '" + property
                + "'").contains("Property: " + property + System.lineSeparator(),
                        "Value: \"" + value + "\"" + System.lineSeparator(),
                        "Origin: \"" + property + "\" from property source", "Reason: ").contains(reason);
    }

    /**
     * Asserts that Boot's analysis of the failure names {@code property}, whichever of its reports applies: a value
     * rejected while binding, or one rejected afterwards.
     *
     * @param context  the context
     * @param property the full property name
     */
    public static void assertFailureNames(ApplicationContextAssertProvider<?> context, String property) {
        assertThat(analysisOf(context).getDescription()).containsAnyOf("Property: " + property + System.lineSeparator(),
                "for configuration property '" + property + "'");
    }

    /**
     * Asserts that {@code properties} fail start-up because memguard rejects {@code value} of {@code property} for
     * {@code reason}.
     *
     * @param runner     the runner
     * @param property   the full property name
     * @param value      the value as bound
     * @param reason     a part of the reason memguard gives
     * @param properties the properties to start with
     */
    public static void assertInvalidProperty(ApplicationContextRunner runner, String property, String value,
            String reason, String... properties) {
        runner.withPropertyValues(properties).run(context -> assertInvalidProperty(context, property, value, reason));
    }
}
