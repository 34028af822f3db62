package io.memguard.sample.container;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.opentest4j.TestAbortedException;

/**
 * A memory cgroup created for one test on this machine (cgroup v1 {@code memory} controller, or cgroup v2 with the
 * memory controller), with a hard limit and no swap, so that the kernel's OOM killer, not swapping, is what a process
 * that passes the limit meets. Closing it kills whatever still runs in it and removes it.
 */
final class TestCgroup implements AutoCloseable {

    private static final long MIB = 1024 * 1024;

    private final int version;

    private final Path directory;

    private TestCgroup(int version, Path directory) {
        this.version = version;
        this.directory = directory;
    }

    /**
     * Creates a cgroup with a unique name at the root of this machine's memory hierarchy.
     *
     * @return the cgroup, without a limit yet
     * @throws TestAbortedException saying why, where it cannot be created (not root, no cgroup file system)
     */
    static TestCgroup create() {
        Path v1 = Path.of("/sys/fs/cgroup/memory");
        Path v2 = Path.of("/sys/fs/cgroup");
        String name = "memguard-test-" + UUID.randomUUID().toString().substring(0, 8);
        int version;
        Path parent;
        if (Files.isRegularFile(v1.resolve("memory.limit_in_bytes"))) {
            version = 1;
            parent = v1;
        }
        else if (Files.isRegularFile(v2.resolve("cgroup.subtree_control"))
                && read(v2.resolve("cgroup.subtree_control")).contains("memory")) {
            version = 2;
            parent = v2;
        }
        else {
            throw new TestAbortedException("No cgroup memory controller at /sys/fs/cgroup/memory (v1) nor enabled in "
                    + "/sys/fs/cgroup/cgroup.subtree_control (v2): a real-cgroup test needs one");
        }
        Path directory = parent.resolve(name);
        try {
            Files.createDirectory(directory);
        }
        catch (IOException | SecurityException ex) {
            throw new TestAbortedException("Cannot create the cgroup " + directory + " (" + ex
                    + "): a real-cgroup test needs root and a writable cgroup file system");
        }
        return new TestCgroup(version, directory);
    }

    int version() {
        return version;
    }

    Path directory() {
        return directory;
    }

    /** The file a process writes its pid into to enter this cgroup. */
    Path procs() {
        return directory.resolve("cgroup.procs");
    }

    /** A wrapper command that moves itself into this cgroup, then {@code exec}s the rest of its command line. */
    List<String> wrapper() {
        return List.of("sh", "-c", "echo $$ > '" + procs() + "' && exec \"$0\" \"$@\"");
    }

    /**
     * Sets the hard limit, swap included: the kernel reclaims page cache, then kills, rather than swapping.
     *
     * @param mebibytes the limit
     */
    void limit(long mebibytes) {
        String bytes = Long.toString(mebibytes * MIB);
        if (version == 2) {
            write("memory.max", bytes);
            write("memory.swap.max", "0");
            return;
        }
        write("memory.swappiness", "0");
        Path memsw = directory.resolve("memory.memsw.limit_in_bytes");
        if (!Files.exists(memsw)) {
            write("memory.limit_in_bytes", bytes);
            return;
        }
        // memory+swap may never be below memory: raise it first when raising, lower it last when lowering.
        long current = Long.parseLong(read(directory.resolve("memory.limit_in_bytes")).trim());
        if (mebibytes * MIB > current) {
            write("memory.memsw.limit_in_bytes", bytes);
            write("memory.limit_in_bytes", bytes);
        }
        else {
            write("memory.limit_in_bytes", bytes);
            write("memory.memsw.limit_in_bytes", bytes);
        }
    }

    /**
     * How many processes of this cgroup the kernel's OOM killer ended.
     *
     * @return {@code oom_kill} of {@code memory.oom_control} (v1) or {@code memory.events} (v2)
     */
    long oomKills() {
        String file = (version == 1) ? "memory.oom_control" : "memory.events";
        return field(read(directory.resolve(file)), "oom_kill");
    }

    /**
     * The working set as the kubelet and memguard count it: usage minus the inactive file cache.
     *
     * @return the working set in bytes
     */
    long workingSetBytes() {
        if (version == 2) {
            return Math.max(0, Long.parseLong(read(directory.resolve("memory.current")).trim())
                    - field(read(directory.resolve("memory.stat")), "inactive_file"));
        }
        return Math.max(0, Long.parseLong(read(directory.resolve("memory.usage_in_bytes")).trim())
                - field(read(directory.resolve("memory.stat")), "total_inactive_file"));
    }

    /** Kills whatever still runs in the cgroup, then removes it. */
    @Override
    public void close() throws InterruptedException {
        // The directory is busy until the killed processes are gone: kill and try again until it can be removed.
        await("the test cgroup removed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptions().until(() -> {
                for (String pid : read(procs()).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                Files.deleteIfExists(directory);
                return !Files.exists(directory);
            });
    }

    private void write(String file, String value) {
        try {
            Files.writeString(directory.resolve(file), value);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write " + value + " to " + directory.resolve(file), ex);
        }
    }

    private static long field(String content, String name) {
        for (String line : content.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(name)) {
                return Long.parseLong(parts[1]);
            }
        }
        throw new IllegalStateException("No " + name + " in:\n" + content);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            if (!Files.exists(file)) {
                return "";
            }
            throw new UncheckedIOException(ex);
        }
    }
}
