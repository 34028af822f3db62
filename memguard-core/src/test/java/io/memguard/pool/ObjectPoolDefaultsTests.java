package io.memguard.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ObjectPoolDefaultsTests {

    @Test
    void standardDefaultsNeverWaitForeverAndDetectAbandonedObjects() {
        ObjectPoolRegistry.Defaults standard = ObjectPoolRegistry.Defaults.STANDARD;
        assertThat(standard.maxSize()).isEqualTo(64);
        assertThat(standard.borrowTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(standard.abandonedTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(standard.captureBorrowStack()).isFalse();
        assertThat(standard.highPressureTrim()).isEqualTo(0.5);
    }

    @Test
    void rejectsEachBadValueNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ObjectPoolRegistry.Defaults(0, Duration.ZERO, Duration.ZERO, false, 1))
                .withMessage("maxSize must be from 1 to 65536, was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ObjectPoolRegistry.Defaults(1, Duration.ofSeconds(-1), Duration.ZERO, false, 1))
                .withMessage("borrowTimeout must not be negative, was PT-1S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ObjectPoolRegistry.Defaults(1, Duration.ZERO, Duration.ofSeconds(-1), false, 1))
                .withMessage("abandonedTimeout must not be negative, was PT-1S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ObjectPoolRegistry.Defaults(1, Duration.ZERO, Duration.ZERO, false, 0))
                .withMessage("highPressureTrim must be in (0..1], was 0.0");
    }
}
