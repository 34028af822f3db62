package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigurationPropertyCheckTests {

    @Test
    void passesAnAcceptedValueToTheSetter() {
        List<Integer> applied = new ArrayList<>();
        ConfigurationPropertyCheck.apply("memguard.x.size", 3, applied::add);
        assertThat(applied).containsExactly(3);
    }

    @Test
    void turnsARejectionIntoAnExceptionNamingThePropertyItsValueAndTheReason() {
        assertThatExceptionOfType(InvalidMemguardPropertyException.class)
                .isThrownBy(() -> ConfigurationPropertyCheck.apply("memguard.x.size", -1, value -> {
                    throw new IllegalArgumentException("size must be at least 1, was -1");
                })).satisfies(failure -> {
                    assertThat(failure.property()).isEqualTo("memguard.x.size");
                    assertThat(failure.getMessage())
                            .isEqualTo("Invalid value '-1' for memguard.x.size: size must be at least 1, was -1");
                    assertThat(failure.action()).startsWith("Set memguard.x.size to ");
                });
    }

    @Test
    void carriesTheGivenFix() {
        assertThatExceptionOfType(InvalidMemguardPropertyException.class)
                .isThrownBy(() -> ConfigurationPropertyCheck.apply("memguard.x.size", 0, value -> {
                    throw new IllegalArgumentException("size must be at least 1, was 0");
                }, "Set memguard.x.size to 1 or more."))
                .satisfies(failure -> assertThat(failure.action()).isEqualTo("Set memguard.x.size to 1 or more."));
    }

    @Test
    void rejectsAMissingValue() {
        assertThatExceptionOfType(InvalidMemguardPropertyException.class)
                .isThrownBy(() -> ConfigurationPropertyCheck.apply("memguard.x.size", null, value -> {
                })).withMessageContaining("memguard.x.size").withMessageContaining("a value is required");
    }
}
