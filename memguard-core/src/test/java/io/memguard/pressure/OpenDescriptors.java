package io.memguard.pressure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The file descriptors this process holds open, from {@code /proc/self/fd} (Linux only). */
final class OpenDescriptors {

    private OpenDescriptors() {
    }

    /**
     * Counts the descriptors open on a file, or on any file under a directory.
     *
     * @param path a file or a directory
     * @return how many descriptors of this process point there
     */
    static long on(Path path) throws IOException {
        Path real = path.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter((descriptor) -> {
                try {
                    return Files.readSymbolicLink(descriptor).startsWith(real);
                }
                catch (IOException | UnsupportedOperationException ex) {
                    // A descriptor closed while listed, or not a link.
                    return false;
                }
            }).count();
        }
    }
}
