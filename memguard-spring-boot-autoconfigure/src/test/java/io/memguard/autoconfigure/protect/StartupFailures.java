package io.memguard.autoconfigure.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * Asserts that a context failed to start because of a bad property, by the root cause and its message.
 */
public final class StartupFailures {

    private StartupFailures() {
    }

    public static void assertStartupFailure(AssertableApplicationContext context, String message) {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
