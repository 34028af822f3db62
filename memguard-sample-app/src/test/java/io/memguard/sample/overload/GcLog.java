package io.memguard.sample.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap after each collection, read from the app's own GC log ({@code -Xlog:gc:file=...:uptimemillis}), so the
 * trace needs nothing of the app while it is busy or dying: lines such as
 * {@code [5123ms] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 5.123ms}.
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern
        .compile("^\\[(\\d+)ms\\].*GC\\(\\d+\\) Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * One collection.
     *
     * @param seconds  when it ended, in seconds since the load started (negative: before)
     * @param afterMiB the heap in use after it
     */
    record HeapAfterGc(double seconds, long afterMiB) {
    }

    private GcLog() {
    }

    /** The JVM option that writes the log this class reads. */
    static String option(Path file) {
        return "-Xlog:gc:file=" + file + ":uptimemillis";
    }

    /**
     * @param file              the GC log
     * @param loadStartUptimeMs the app's uptime, in milliseconds, when the load started
     */
    static List<HeapAfterGc> read(Path file, long loadStartUptimeMs) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(Files.readAllLines(file), loadStartUptimeMs);
    }

    static List<HeapAfterGc> parse(List<String> lines, long loadStartUptimeMs) {
        List<HeapAfterGc> trace = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = PAUSE.matcher(line);
            if (matcher.find()) {
                trace.add(new HeapAfterGc((Long.parseLong(matcher.group(1)) - loadStartUptimeMs) / 1000.0,
                        Long.parseLong(matcher.group(3))));
            }
        }
        return trace;
    }
}
