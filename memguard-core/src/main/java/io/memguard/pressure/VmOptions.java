package io.memguard.pressure;

import java.lang.management.ManagementFactory;

import org.jspecify.annotations.Nullable;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Reads HotSpot flags where the JVM has them.
 */
final class VmOptions {

    private VmOptions() {
    }

    /**
     * The value of a VM flag.
     *
     * @param name a flag such as {@code MaxDirectMemorySize}
     * @return its value, or {@code null} on a JVM without HotSpot's diagnostic bean or without that flag
     */
    static @Nullable String value(String name) {
        try {
            HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return (diagnostic != null) ? diagnostic.getVMOption(name).getValue() : null;
        }
        catch (RuntimeException ex) {
            return null;
        }
    }
}
