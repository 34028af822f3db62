package io.memguard.protect;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * What low-memory mode is doing now, for endpoints and logs.
 *
 * @param active       whether the mode is on
 * @param forced       whether it is forced on by hand
 * @param automatic    whether the automatic rule calls for it (independently of the manual setting)
 * @param level        the last pressure level the mode was told of
 * @param since        when the mode last changed between on and off, or {@code null} if it never changed
 * @param lastChange   the last change, or {@code null} if it never changed
 * @param timesEntered how many times the mode was entered since it was created
 * @since 0.1.0
 */
public record LowMemoryModeSnapshot(boolean active, boolean forced, boolean automatic, MemoryPressureLevel level,
        @Nullable Instant since, @Nullable LowMemoryModeChange lastChange, long timesEntered) {
}
