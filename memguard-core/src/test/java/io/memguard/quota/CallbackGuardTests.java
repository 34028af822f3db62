package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

class CallbackGuardTests {

    private final QuotaCounters counters = new QuotaCounters(new GlobalCounters());
    private final CallbackGuard guard = new CallbackGuard(counters);

    @Test
    void aFailureIsCountedAndSwallowed() {
        guard.run("test callback", "subject", () -> {
            throw new IllegalStateException("boom");
        });
        guard.run("test callback", "subject", () -> {
            throw new AssertionError("boom");
        });
        guard.run("test callback", "subject", () -> {
        });

        assertThat(counters.callbackFailures()).isEqualTo(2);
    }

    @Test
    void anErrorTheJvmCannotRecoverFromIsCountedAndRethrown() {
        assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(() -> guard.run("test callback", "subject", () -> {
            throw new OutOfMemoryError("simulated");
        }));

        assertThat(counters.callbackFailures()).isEqualTo(1);
    }
}
