package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.PressureSettings.PressureThresholds;

class PressureThresholdsTests {

    private final PressureThresholds thresholds = PressureThresholds.DEFAULT;

    @Test
    void aRisingRatioEntersALevelAtItsThreshold() {
        assertThat(thresholds.levelOf(0.0)).isEqualTo(MemoryPressureLevel.NONE);
        assertThat(thresholds.levelOf(0.5999)).isEqualTo(MemoryPressureLevel.NONE);
        assertThat(thresholds.levelOf(0.60)).isEqualTo(MemoryPressureLevel.LOW);
        assertThat(thresholds.levelOf(0.75)).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(thresholds.levelOf(0.8499)).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(thresholds.levelOf(0.85)).isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(thresholds.levelOf(0.95)).isEqualTo(MemoryPressureLevel.CRITICAL);
        assertThat(thresholds.levelOf(1.0)).isEqualTo(MemoryPressureLevel.CRITICAL);
    }

    @Test
    void hysteresisLowersEveryThreshold() {
        assertThat(thresholds.levelOf(0.81, 0.05)).isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(thresholds.levelOf(0.7999, 0.05)).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(thresholds.levelOf(0.55, 0.05)).isEqualTo(MemoryPressureLevel.LOW);
        assertThat(thresholds.levelOf(0.5499, 0.05)).isEqualTo(MemoryPressureLevel.NONE);
    }

    @Test
    void thresholdOfEachLevel() {
        assertThat(thresholds.threshold(MemoryPressureLevel.LOW)).isEqualTo(0.60);
        assertThat(thresholds.threshold(MemoryPressureLevel.MODERATE)).isEqualTo(0.75);
        assertThat(thresholds.threshold(MemoryPressureLevel.HIGH)).isEqualTo(0.85);
        assertThat(thresholds.threshold(MemoryPressureLevel.CRITICAL)).isEqualTo(0.95);
        assertThatIllegalArgumentException().isThrownBy(() -> thresholds.threshold(MemoryPressureLevel.NONE))
                .withMessage("NONE has no threshold");
    }
}
