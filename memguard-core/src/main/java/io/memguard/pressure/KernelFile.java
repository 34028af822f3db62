package io.memguard.pressure;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A proc or cgroup file that a probe reads at every poll, kept open between reads and read again from its start
 * each time.
 *
 * <p>Why kept open: opening a file runs a few dozen Java frames for one system call (path, provider, channel,
 * stream, their checks), and code that runs once a second stays interpreted for the first minutes of a service's
 * life, the JDK's file-opening path included, which an application does not otherwise keep hot. With every frame
 * interpreted, opening and reading the five files of a calm poll on cgroup v1 took about 0.3 ms; kept open, under
 * 20 microseconds (see the benchmarks' HISTORY). The kernel writes the text of these files afresh whenever they are
 * read from offset 0, so a kept descriptor reads current values.
 *
 * <p>Any failure closes the descriptor and reads as empty, and the next read opens the file again: a cgroup that was
 * removed fails its open descriptors, and a file missing now may appear later. A regular file (as tests use) that is
 * rewritten in place is read afresh too; one deleted while open is still read from the descriptor, which cannot
 * happen to a proc or cgroup file. {@link #close()} releases the descriptor; a read after it opens the file for that
 * read alone. Not thread-safe: the monitor reads its probes under its refresh lock.
 */
final class KernelFile implements AutoCloseable {

    /**
     * A read buffer per reading thread (in practice the monitor's polling thread). These files are well under this
     * size; a larger one is read on into a larger copy.
     */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[8 * 1024]);

    private final Path path;

    private @Nullable RandomAccessFile descriptor;

    private boolean closed;

    KernelFile(Path path) {
        this.path = path;
    }

    /** The file read. */
    Path path() {
        return path;
    }

    /**
     * Reads the whole file.
     *
     * @return its text, or empty where it is missing or unreadable
     */
    String read() {
        try {
            RandomAccessFile file = descriptor;
            if (file == null) {
                file = new RandomAccessFile(path.toFile(), "r");
                if (closed) {
                    try (RandomAccessFile once = file) {
                        return readFrom(once);
                    }
                }
                descriptor = file;
            }
            else {
                file.seek(0);
            }
            return readFrom(file);
        }
        catch (IOException | RuntimeException ex) {
            release();
            return "";
        }
    }

    private static String readFrom(RandomAccessFile file) throws IOException {
        byte[] buffer = BUFFERS.get();
        int length = 0;
        int read;
        while ((read = file.read(buffer, length, buffer.length - length)) > 0) {
            length += read;
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Releases the descriptor; later reads open the file for each read. */
    @Override
    public void close() {
        closed = true;
        release();
    }

    private void release() {
        RandomAccessFile file = descriptor;
        descriptor = null;
        if (file != null) {
            try {
                file.close();
            }
            catch (IOException ex) {
                // Nothing to do: the descriptor is gone either way.
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
