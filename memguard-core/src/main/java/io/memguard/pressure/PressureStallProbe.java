package io.memguard.pressure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.CgroupLocator.Cgroup;

/**
 * Reads {@code psi}: memory pressure stall information of this process's cgroup ({@code memory.pressure}, cgroup
 * v2) or, failing that, of the whole system ({@code /proc/pressure/memory}). Kernels before 4.20, or booted with
 * {@code psi=0}, have neither: then there is no reading.
 */
final class PressureStallProbe implements MemoryProbe<PressureStall> {

    /** Compiled once: {@code String.split} compiles a pattern of more than one character at every call. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final CgroupLocator locator;

    private @Nullable Path file;

    PressureStallProbe(CgroupLocator locator) {
        this.locator = locator;
    }

    @Override
    public Optional<PressureStall> read() {
        // Called by one thread at a time; the source is chosen once.
        if (file == null) {
            file = chooseFile();
        }
        return parse(CgroupFiles.readLines(file), locator.display(file));
    }

    private Path chooseFile() {
        Optional<Cgroup> cgroup = locator.locate();
        if (cgroup.isPresent() && cgroup.get().version() == 2) {
            Path cgroupPressure = cgroup.get().directory().resolve("memory.pressure");
            if (Files.isReadable(cgroupPressure)) {
                return cgroupPressure;
            }
        }
        return locator.root().resolve("proc/pressure/memory");
    }

    /**
     * Parses {@code some avg10=1.00 avg60=0.50 avg300=0.10 total=123} and the {@code full} line likewise.
     */
    static Optional<PressureStall> parse(List<String> lines, String source) {
        double[] some = null;
        double[] full = null;
        for (String line : lines) {
            if (line.startsWith("some ")) {
                some = averages(line);
            }
            else if (line.startsWith("full ")) {
                full = averages(line);
            }
        }
        if (some == null) {
            return Optional.empty();
        }
        if (full == null) {
            full = new double[] { -1, -1, -1 };
        }
        return Optional.of(new PressureStall(some[0], some[1], some[2], full[0], full[1], full[2], source));
    }

    private static double @Nullable [] averages(String line) {
        double[] averages = { -1, -1, -1 };
        String[] keys = { "avg10=", "avg60=", "avg300=" };
        for (String field : WHITESPACE.split(line)) {
            for (int i = 0; i < keys.length; i++) {
                if (field.startsWith(keys[i])) {
                    try {
                        averages[i] = Double.parseDouble(field.substring(keys[i].length())) / 100.0;
                    }
                    catch (NumberFormatException ex) {
                        return null;
                    }
                }
            }
        }
        return (averages[0] < 0) ? null : averages;
    }

    @Override
    public String toString() {
        return "psi";
    }
}
