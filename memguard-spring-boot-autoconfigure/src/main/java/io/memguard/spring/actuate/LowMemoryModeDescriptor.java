package io.memguard.spring.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.memguard.protect.LowMemoryMode;
import io.memguard.protect.LowMemoryModeChange;
import io.memguard.protect.LowMemoryModeSnapshot;

/**
 * Low-memory mode as shown at {@code /actuator/memory/low-memory-mode} and as {@code lowMemoryMode} in
 * {@code /actuator/memory}.
 *
 * @param active                 whether the mode is on
 * @param forced                 whether it is forced on by hand
 * @param automatic              whether the automatic rule calls for it
 * @param automaticEnabled       whether the automatic rule is enabled ({@code memguard.low-memory.enabled})
 * @param level                  the last pressure level the mode was told of
 * @param since                  when the mode last turned on or off, or {@code null}
 * @param lastChange             the last change, such as
 *                               {@code low-memory mode entered: memory pressure reached the enter level (level HIGH)},
 *                               or {@code null} if the mode never changed
 * @param timesEntered           how many times the mode was entered
 * @param enterLevel             the level at which the rule turns the mode on
 * @param exitLevel              the level at or below which it turns off again
 * @param minimumDurationSeconds the least time in mode, in seconds
 * @since 0.1.0
 */
public record LowMemoryModeDescriptor(boolean active, boolean forced, boolean automatic, boolean automaticEnabled,
        String level, @Nullable Instant since, @Nullable String lastChange, long timesEntered, String enterLevel,
        String exitLevel, long minimumDurationSeconds) {

    static LowMemoryModeDescriptor of(LowMemoryMode mode, boolean automaticEnabled) {
        LowMemoryModeSnapshot state = mode.snapshot();
        LowMemoryModeChange last = state.lastChange();
        return new LowMemoryModeDescriptor(state.active(), state.forced(), state.automatic(), automaticEnabled,
                state.level().name(), state.since(), last == null ? null : last.describe(), state.timesEntered(),
                mode.enterLevel().name(), mode.exitLevel().name(), mode.minimumDuration().toSeconds());
    }
}
