package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

class ConfigurationPropertyCheckTests {

    @Test
    void passesAnAcceptedValueToTheSetter() {
        List<Integer> applied = new ArrayList<>();
        ConfigurationPropertyCheck.apply("memguard.x.size", 3, applied::add);
        assertThat(applied).containsExactly(3);
    }

    @Test
    void turnsARejectionIntoAnExceptionNamingThePropertyItsValueAndTheReason() {
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> ConfigurationPropertyCheck.apply("memguard.x.size", -1, value -> {
                    throw new IllegalArgumentException("size must be at least 1, was -1");
                })).satisfies(failure -> {
                    assertThat(failure.getName()).isEqualTo("memguard.x.size");
                    assertThat(failure.getValue()).isEqualTo(-1);
                    assertThat(failure.getReason()).isEqualTo("size must be at least 1, was -1");
                });
    }

    @Test
    void rejectsAMissingValue() {
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> ConfigurationPropertyCheck.apply("memguard.x.size", null, value -> {
                })).withMessageContaining("memguard.x.size").withMessageContaining("a value is required");
    }
}
