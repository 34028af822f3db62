package io.memguard.pressure;

/**
 * A {@link PressureSettings} value that cannot work, with the name of the offending setting.
 *
 * <p>Setting names are those of {@link PressureSettings}' documentation, such as {@code pressure.thresholds.high}
 * or {@code gc.cooldown}; a configuration layer prefixes them with its own root (Spring Boot: {@code memguard.}).
 *
 * @since 0.1.0
 */
public class InvalidPressureSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * Creates an exception for one setting.
     *
     * @param setting the name of the setting at fault, such as {@code pressure.hysteresis}
     * @param message what is wrong and how to fix it; should name the setting
     */
    public InvalidPressureSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /**
     * The name of the setting at fault.
     *
     * @return a dotted setting name such as {@code pressure.thresholds.moderate}
     */
    public String setting() {
        return setting;
    }
}
