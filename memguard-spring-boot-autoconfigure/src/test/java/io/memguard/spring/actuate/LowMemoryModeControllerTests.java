package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LowMemoryMode;

class LowMemoryModeControllerTests {

    private static final String EXPECTED = "send {\"lowMemoryMode\": true} to force low-memory mode on, or"
            + " {\"lowMemoryMode\": false} to hand it back to the automatic rule.";

    private final LowMemoryMode mode = LowMemoryMode.builder().minimumDuration(Duration.ZERO).build();

    private final LowMemoryModeController controller = new LowMemoryModeController(mode, true);

    @Test
    void trueForcesTheModeOnUntilFalse() {
        LowMemoryModeDescriptor forced = controller.force(true);
        assertThat(forced.active()).isTrue();
        assertThat(forced.forced()).isTrue();

        LowMemoryModeDescriptor released = controller.force(false);
        assertThat(released.active()).isFalse();
        assertThat(released.forced()).isFalse();
        assertThat(released.lastChange()).isEqualTo("low-memory mode left: manual setting released (level NONE)");
    }

    @Test
    void falseHandsControlBackToTheAutomaticRule() {
        mode.update(MemoryPressureLevel.CRITICAL);
        controller.force(true);

        LowMemoryModeDescriptor released = controller.force(false);

        assertThat(released.active()).as("pressure is still critical").isTrue();
        assertThat(released.automatic()).isTrue();
        assertThat(released.forced()).isFalse();
    }

    @Test
    void aMissingOrNonBooleanValueChangesNothingAndSaysWhatToSend() {
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class).isThrownBy(() -> controller.force(null))
                .withMessage("The request body has no \"lowMemoryMode\" field; " + EXPECTED);
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class).isThrownBy(() -> controller.force("on"))
                .withMessage("\"lowMemoryMode\" must be true or false, was \"on\"; " + EXPECTED);
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class).isThrownBy(() -> controller.force(1))
                .withMessage("\"lowMemoryMode\" must be true or false, was 1; " + EXPECTED);

        assertThat(mode.isActive()).isFalse();
        assertThat(mode.snapshot().timesEntered()).isZero();
    }

    @Test
    void readsTheStringsTheWebLayerBinds() {
        assertThat(controller.force("true").active()).isTrue();
        assertThat(controller.force("false").active()).isFalse();
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class)
                .isThrownBy(() -> controller.force("yes"));
    }

    @Test
    void stateDescribesTheModeWithoutChangingIt() {
        LowMemoryModeDescriptor state = controller.state();

        assertThat(state.active()).isFalse();
        assertThat(state.automaticEnabled()).isTrue();
        assertThat(state.enterLevel()).isEqualTo("HIGH");
        assertThat(state.exitLevel()).isEqualTo("MODERATE");
        assertThat(state.since()).isNull();
    }
}
