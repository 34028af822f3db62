package io.memguard.pressure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.CgroupLocator.Cgroup;
import io.memguard.pressure.MemorySnapshot.PressureStall;

/**
 * Reads {@code psi}: memory pressure stall information of this process's cgroup ({@code memory.pressure}, cgroup
 * v2) or, failing that, of the whole system ({@code /proc/pressure/memory}). Kernels before 4.20, or booted with
 * {@code psi=0}, have neither: then there is no reading.
 */
final class PressureStallProbe implements MemoryProbe<PressureStall> {

    /** The fields of a PSI line this reads, in the order of {@link PressureStall}'s averages. */
    private static final String[] AVERAGE_KEYS = { "avg10=", "avg60=", "avg300=" };

    private final CgroupLocator locator;

    private @Nullable KernelFile file;

    private String display = "";

    PressureStallProbe(CgroupLocator locator) {
        this.locator = locator;
    }

    @Override
    public Optional<PressureStall> read() {
        // Called by one thread at a time; the source is chosen once.
        KernelFile source = file;
        if (source == null) {
            source = new KernelFile(chooseFile());
            display = locator.display(source.path());
            file = source;
        }
        return parse(CgroupFiles.lines(source.read()), display);
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
        for (int i = 0; i < AVERAGE_KEYS.length; i++) {
            String value = field(line, AVERAGE_KEYS[i]);
            if (value != null) {
                try {
                    averages[i] = Double.parseDouble(value) / 100.0;
                }
                catch (NumberFormatException ex) {
                    return null;
                }
            }
        }
        return (averages[0] < 0) ? null : averages;
    }

    /**
     * The rest of the whitespace-separated field that starts with {@code key}, or {@code null}: found with
     * {@link String#indexOf(String, int)} rather than a regular expression, as this runs at every poll.
     */
    private static @Nullable String field(String line, String key) {
        int from = 0;
        for (;;) {
            int at = line.indexOf(key, from);
            if (at < 0) {
                return null;
            }
            if (at == 0 || Character.isWhitespace(line.charAt(at - 1))) {
                int start = at + key.length();
                int end = start;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                return line.substring(start, end);
            }
            from = at + 1;
        }
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public String toString() {
        return "psi";
    }
}
