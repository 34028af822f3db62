package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.pressure.InvalidPressureSettingException;
import org.junit.jupiter.api.Test;

class InvalidMemguardPropertyExceptionTests {

    @Test
    void namesEveryCoreSettingInTheMessageByItsFullProperty() {
        InvalidMemguardPropertyException ex = InvalidMemguardPropertyException.of(new InvalidPressureSettingException(
                "pressure.hysteresis", "pressure.hysteresis (0.1) must be smaller than the gap, but "
                        + "pressure.thresholds.high (0.85) is only 0.1 above pressure.thresholds.moderate; lower "
                        + "pressure.hysteresis or widen the thresholds"));
        assertThat(ex.property()).isEqualTo("memguard.pressure.hysteresis");
        assertThat(ex).hasMessage("memguard.pressure.hysteresis (0.1) must be smaller than the gap, but "
                + "memguard.pressure.thresholds.high (0.85) is only 0.1 above memguard.pressure.thresholds.moderate;"
                + " lower memguard.pressure.hysteresis or widen the thresholds");
        assertThat(ex.action()).startsWith("Set memguard.pressure.hysteresis to at least 0");
    }

    @Test
    void leavesWordsThatAreNotSettingsAlone() {
        InvalidMemguardPropertyException ex = InvalidMemguardPropertyException.of(new InvalidPressureSettingException(
                "gc.cooldown", "gc.cooldown must be positive; the gc. hint and memguard.gc.cooldown stay as written"));
        assertThat(ex).hasMessage(
                "memguard.gc.cooldown must be positive; the gc. hint and memguard.gc.cooldown stay as written");
        assertThat(ex.action()).isEqualTo("Set memguard.gc.cooldown to a positive duration, such as 1s or 500ms.");
    }

    @Test
    void thresholdActionNamesItsGroup() {
        InvalidMemguardPropertyException ex = InvalidMemguardPropertyException.of(
                new InvalidPressureSettingException("pressure.psi.full.low", "pressure.psi.full.low must be a ratio"));
        assertThat(ex.action()).isEqualTo("Set memguard.pressure.psi.full.low to a ratio greater than 0 and at most 1,"
                + " so that memguard.pressure.psi.full.low < moderate < high < critical.");
    }

    @Test
    void anUnknownSettingStillGetsAnAction() {
        InvalidMemguardPropertyException ex = InvalidMemguardPropertyException
                .of(new InvalidPressureSettingException("pressure.signals", "pressure.signals must be set"));
        assertThat(ex).hasMessage("memguard.pressure.signals must be set");
        assertThat(ex.action()).isEqualTo("Set memguard.pressure.signals to a valid value; see the memguard property"
                + " reference.");
    }
}
