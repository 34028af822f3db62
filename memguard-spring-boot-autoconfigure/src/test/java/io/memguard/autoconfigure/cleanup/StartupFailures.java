package io.memguard.autoconfigure.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** Assertions on why an application context failed to start. */
public final class StartupFailures {

    private StartupFailures() {
    }

    /** The deepest cause of the context's start-up failure; fails if it started. */
    public static Throwable rootCauseOf(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
    }

    /** Asserts that {@code properties} fail start-up with an invalid value of {@code property}, for {@code reason}. */
    public static void assertInvalidProperty(ApplicationContextRunner runner, String property, String value,
            String reason, String... properties) {
        runner.withPropertyValues(properties).run(context -> assertThat(rootCauseOf(context))
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, ex -> {
                    assertThat(ex.getName()).isEqualTo(property);
                    assertThat(String.valueOf(ex.getValue())).isEqualTo(value);
                    assertThat(ex.getReason()).isEqualTo(reason);
                    assertThat(ex.getMessage()).contains(property);
                }));
    }
}
