package io.memguard.pressure;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import io.memguard.pressure.MemorySnapshot.SystemMemory;

/**
 * Reads {@code system} on Linux from {@code /proc/meminfo}: host memory ({@code MemTotal}, {@code MemAvailable}) and
 * swap ({@code SwapTotal}, {@code SwapFree}). A plain file read, so nothing native is loaded.
 *
 * <p>Empty where the file is missing or lacks {@code MemAvailable} (kernels before 3.14): a guess from the free and
 * cached memory would misstate what new work can use.
 */
final class ProcMeminfoProbe implements MemoryProbe<SystemMemory> {

    private static final long KIB = 1024;

    private final KernelFile meminfo;

    /**
     * Creates the probe.
     *
     * @param fileSystemRoot the root under which {@code proc/meminfo} is found, {@code /} outside tests
     */
    ProcMeminfoProbe(Path fileSystemRoot) {
        this.meminfo = new KernelFile(fileSystemRoot.resolve("proc/meminfo"));
    }

    /**
     * Whether this host has the file this probe reads.
     *
     * @param fileSystemRoot the root under which {@code proc/meminfo} is looked for
     * @return {@code true} on Linux
     */
    static boolean isAvailable(Path fileSystemRoot) {
        return !CgroupFiles.readLines(fileSystemRoot.resolve("proc/meminfo")).isEmpty();
    }

    @Override
    public Optional<SystemMemory> read() {
        String text = meminfo.read();
        OptionalLong total = kibibytes(text, "MemTotal");
        OptionalLong available = kibibytes(text, "MemAvailable");
        if (total.isEmpty() || available.isEmpty() || total.getAsLong() <= 0) {
            return Optional.empty();
        }
        long swapTotal = kibibytes(text, "SwapTotal").orElse(0);
        long swapFree = kibibytes(text, "SwapFree").orElse(swapTotal);
        return Optional.of(new SystemMemory(total.getAsLong(), available.getAsLong(),
                Math.max(0, swapTotal - swapFree), swapTotal));
    }

    /** One line, such as {@code MemTotal:       24683664 kB}, in bytes. */
    private static OptionalLong kibibytes(String text, String key) {
        String value = CgroupFiles.lineValue(text, key, ':');
        if (value == null) {
            return OptionalLong.empty();
        }
        int unit = value.indexOf(' ');
        try {
            long number = Long.parseLong((unit < 0) ? value : value.substring(0, unit));
            return OptionalLong.of((unit < 0) ? number : number * KIB);
        }
        catch (NumberFormatException ex) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        meminfo.close();
    }

    @Override
    public String toString() {
        return "system";
    }
}
