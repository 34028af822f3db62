package io.memguard.spring.actuate;

import io.memguard.protect.LowMemoryMode;

/**
 * The {@code low-memory-mode} section of {@code /actuator/memory}.
 *
 * @since 0.1.0
 */
public final class LowMemoryModeEndpointSection implements MemoryEndpointSection {

    private final LowMemoryMode mode;

    private final boolean automaticEnabled;

    /**
     * Creates the section.
     *
     * @param mode             the mode to describe
     * @param automaticEnabled whether the automatic rule is enabled
     */
    public LowMemoryModeEndpointSection(LowMemoryMode mode, boolean automaticEnabled) {
        this.mode = mode;
        this.automaticEnabled = automaticEnabled;
    }

    @Override
    public String name() {
        return "low-memory-mode";
    }

    @Override
    public LowMemoryModeDescriptor describe() {
        return LowMemoryModeDescriptor.of(mode, automaticEnabled);
    }
}
