package io.memguard.pressure;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Finds the memory cgroup of this process from {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}, under a
 * root directory standing for {@code /} (fixtures in tests).
 *
 * <p>The path in {@code /proc/self/cgroup} is relative to the root of the cgroup hierarchy; the mount table says where
 * that hierarchy is mounted and which part of it ({@code root} field). Without a cgroup namespace the process sees,
 * say, {@code /kubepods/pod1/c1} with the hierarchy's root mounted at {@code /sys/fs/cgroup/memory}, so the files are
 * under {@code /sys/fs/cgroup/memory/kubepods/pod1/c1}; inside a namespace it sees {@code /} and the mount root is its
 * own cgroup. A cgroup v1 {@code memory} controller wins over the v2 hierarchy: on a hybrid host the v2 hierarchy has
 * no memory controller.
 */
final class CgroupLocator {

    private final Path root;

    CgroupLocator(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * Locates the memory cgroup of this process.
     *
     * @return where its files are, or empty where there is no cgroup file system
     */
    Optional<Cgroup> locate() {
        List<String> cgroups = CgroupFiles.readLines(root.resolve("proc/self/cgroup"));
        List<String> mounts = CgroupFiles.readLines(root.resolve("proc/self/mountinfo"));
        String v1Path = null;
        String v2Path = null;
        for (String line : cgroups) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            if (Arrays.asList(fields[1].split(",")).contains("memory")) {
                v1Path = fields[2];
            }
            else if (fields[0].equals("0") && fields[1].isEmpty()) {
                v2Path = fields[2];
            }
        }
        if (v1Path != null) {
            return locate(1, v1Path, mounts);
        }
        if (v2Path != null) {
            return locate(2, v2Path, mounts);
        }
        return Optional.empty();
    }

    private Optional<Cgroup> locate(int version, String cgroupPath, List<String> mounts) {
        for (String line : mounts) {
            Mount mount = Mount.parse(line);
            if (mount != null && mount.isCgroup(version)) {
                Path mountPoint = underRoot(mount.mountPoint());
                Path directory = underRoot(mount.mountPoint() + "/" + relativeTo(mount.root(), cgroupPath));
                return Optional.of(new Cgroup(version, cgroupPath, directory, mountPoint));
            }
        }
        return Optional.empty();
    }

    /** The part of the process's cgroup path below the part of the hierarchy that is mounted. */
    private static String relativeTo(String mountRoot, String cgroupPath) {
        if (mountRoot.equals("/")) {
            return cgroupPath;
        }
        if (cgroupPath.equals(mountRoot)) {
            return "";
        }
        if (cgroupPath.startsWith(mountRoot + "/")) {
            return cgroupPath.substring(mountRoot.length());
        }
        // In a namespace the process sees "/" (or a path of its own) while the mount root names the host's view:
        // the mount point is the process's cgroup.
        return "";
    }

    private Path underRoot(String absolutePath) {
        Path path = root;
        for (String part : absolutePath.split("/")) {
            if (!part.isEmpty()) {
                path = path.resolve(part);
            }
        }
        return path.normalize();
    }

    /**
     * Shows a path under the root as the process would see it: {@code /sys/fs/cgroup/...}.
     *
     * @param path a path under the root
     * @return the absolute path on the running machine
     */
    String display(Path path) {
        Path relative = root.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize());
        return "/" + relative.toString().replace('\\', '/');
    }

    /**
     * The memory cgroup of this process.
     *
     * @param version    1 or 2
     * @param path       as listed in {@code /proc/self/cgroup}
     * @param directory  where its files are
     * @param mountPoint where the hierarchy is mounted: ancestors are looked for up to here
     */
    record Cgroup(int version, String path, Path directory, Path mountPoint) {
    }

    /**
     * One line of {@code mountinfo}: {@code id parent major:minor root mount-point options [optional...] - fstype
     * source super-options}.
     */
    private record Mount(String root, String mountPoint, String fsType, String superOptions) {

        static @Nullable Mount parse(String line) {
            String[] fields = line.trim().split("\\s+");
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 6 || fields.length < separator + 3) {
                return null;
            }
            String superOptions = (fields.length > separator + 3) ? fields[separator + 3] : "";
            return new Mount(unescape(fields[3]), unescape(fields[4]), fields[separator + 1], superOptions);
        }

        boolean isCgroup(int version) {
            if (version == 2) {
                return fsType.equals("cgroup2");
            }
            return fsType.equals("cgroup") && Arrays.asList(superOptions.split(",")).contains("memory");
        }

        /** mountinfo escapes space, tab, newline and backslash as octal. */
        private static String unescape(String field) {
            return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
        }
    }
}
