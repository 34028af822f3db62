package io.memguard.diagnostics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The heap dump HotSpot writes on its first {@code OutOfMemoryError} ({@code -XX:+HeapDumpOnOutOfMemoryError}),
 * the sign {@link OutOfMemoryDetector} watches for: where this JVM writes it, and turning it on in a running JVM
 * (both flags are manageable). {@link OutOfMemoryDetector#heapDumpFile()} and
 * {@link OutOfMemoryDetector#enableHeapDump(Path)} publish it.
 */
final class OutOfMemoryHeapDump {

    private OutOfMemoryHeapDump() {
    }

    /**
     * Where this JVM writes its heap dump on an {@code OutOfMemoryError}.
     *
     * @return the file, or empty when it writes none (or is not HotSpot)
     */
    static Optional<Path> configured() {
        try {
            HotSpotDiagnosticMXBean diagnostic = hotSpot();
            if (diagnostic == null
                    || !"true".equals(diagnostic.getVMOption("HeapDumpOnOutOfMemoryError").getValue())) {
                return Optional.empty();
            }
            return Optional.of(dumpFile(diagnostic.getVMOption("HeapDumpPath").getValue(),
                    ProcessHandle.current().pid()));
        }
        catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    /**
     * Makes this JVM write its heap dump into {@code directory} on its first {@code OutOfMemoryError}, unless it
     * already writes one: a setting given on the command line is kept. The dump holds the whole live heap; put the
     * directory on a disk, not on a memory-backed volume that counts against the container's limit.
     *
     * @param directory the directory, created if missing
     * @return {@code true} if the JVM now writes its dump there, {@code false} if it already wrote one elsewhere
     * @throws IOException              if the directory cannot be created
     * @throws IllegalStateException    if the JVM has no HotSpot diagnostic bean or refuses the flags
     */
    static boolean enable(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (configured().isPresent()) {
            return false;
        }
        HotSpotDiagnosticMXBean diagnostic = hotSpot();
        if (diagnostic == null) {
            throw new IllegalStateException("this JVM has no HotSpot diagnostic bean to turn on its heap dump");
        }
        Path absolute = Files.createDirectories(directory.toAbsolutePath());
        try {
            diagnostic.setVMOption("HeapDumpPath", absolute.toString());
            diagnostic.setVMOption("HeapDumpOnOutOfMemoryError", "true");
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("this JVM refuses to turn on its heap dump: " + ex.getMessage(), ex);
        }
        return true;
    }

    private static HotSpotDiagnosticMXBean hotSpot() {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }

    /**
     * The file HotSpot writes: {@code java_pid<pid>.hprof} in the working directory, or in {@code HeapDumpPath} when
     * that is a directory, or {@code HeapDumpPath} itself with {@code %p} standing for the pid.
     */
    static Path dumpFile(String heapDumpPath, long pid) {
        String defaultName = "java_pid" + pid + ".hprof";
        if (heapDumpPath == null || heapDumpPath.isEmpty()) {
            return Path.of(defaultName).toAbsolutePath();
        }
        Path path = Path.of(heapDumpPath.replace("%p", Long.toString(pid))).toAbsolutePath();
        return Files.isDirectory(path) ? path.resolve(defaultName) : path;
    }
}
