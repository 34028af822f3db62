package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ArgumentsTests {

    @Test
    void acceptsAFractionInZeroToOneAndRejectsTheRestNamingIt() {
        assertThat(Arguments.fraction(1.0, "share")).isEqualTo(1.0);
        assertThat(Arguments.fraction(0.001, "share")).isEqualTo(0.001);
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.fraction(0.0, "share"))
                .withMessage("share must be in (0..1], was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.fraction(1.01, "share"));
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.fraction(Double.NaN, "share"))
                .withMessage("share must be in (0..1], was NaN");
    }

    @Test
    void acceptsZeroOrPositiveDurationsAndRejectsNegativeOrMissingOnesNamingThem() {
        assertThat(Arguments.notNegative(Duration.ZERO, "wait")).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.notNegative(Duration.ofNanos(-1), "wait"))
                .withMessage("wait must not be negative, was PT-0.000000001S");
        assertThatNullPointerException().isThrownBy(() -> Arguments.notNegative(null, "wait")).withMessage("wait");
    }
}
