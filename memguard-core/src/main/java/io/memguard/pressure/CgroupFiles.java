package io.memguard.pressure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Reads the small text files of the cgroup and proc file systems once, and parses their text; a file read at every
 * poll is a {@link KernelFile}, kept open.
 */
final class CgroupFiles {

    /**
     * Limits from here up are "no limit": cgroup v1 prints its unlimited sentinel ({@code LONG_MAX} rounded down to a
     * page, 9223372036854771712 with 4 KiB pages), and no real limit comes near 4 EiB.
     */
    static final long UNLIMITED_FROM = 1L << 62;

    private CgroupFiles() {
    }

    /**
     * The number on the first line of a file's text, as in {@code memory.usage_in_bytes}.
     *
     * @param text the text of a file
     * @return the number, or empty where there is none
     */
    static OptionalLong number(String text) {
        return parseLong(firstLine(text));
    }

    /** A number, or empty where there is none or it is not one. */
    private static OptionalLong parseLong(@Nullable String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        }
        catch (NumberFormatException ex) {
            return OptionalLong.empty();
        }
    }

    /**
     * A limit, from a file's text: a number, or {@code max} for none.
     *
     * @param text the text of a file such as {@code memory.max}
     * @return the limit, or empty where unlimited, missing or not a number
     */
    static OptionalLong limit(String text) {
        String first = firstLine(text);
        if (first == null || first.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long limit = Long.parseLong(first);
            return (limit >= UNLIMITED_FROM) ? OptionalLong.empty() : OptionalLong.of(limit);
        }
        catch (NumberFormatException ex) {
            return OptionalLong.empty();
        }
    }

    /**
     * Reads one key of a flat keyed file such as {@code memory.stat} ({@code key value} per line).
     *
     * @param text the text of the file
     * @param key  the key
     * @return its value, or empty where absent
     */
    static OptionalLong keyed(String text, String key) {
        return parseLong(lineValue(text, key, ' '));
    }

    /**
     * The rest of the first line that starts with a key and a separator, found without splitting the text into lines.
     *
     * @param text      the text of a file
     * @param key       the key, such as {@code inactive_file} or {@code MemTotal}
     * @param separator what follows the key, such as a space or {@code ':'}
     * @return the rest of that line, trimmed, or {@code null} where no line starts so
     */
    static @Nullable String lineValue(String text, String key, char separator) {
        int from = 0;
        for (;;) {
            int at = text.indexOf(key, from);
            if (at < 0) {
                return null;
            }
            int after = at + key.length();
            boolean lineStart = at == 0 || text.charAt(at - 1) == '\n' || text.charAt(at - 1) == '\r';
            if (lineStart && after < text.length() && text.charAt(after) == separator) {
                int end = text.indexOf('\n', after);
                return text.substring(after + 1, (end < 0) ? text.length() : end).trim();
            }
            from = at + 1;
        }
    }

    /**
     * Reads every line of a file.
     *
     * @param file the file
     * @return its lines, or none where missing or unreadable
     */
    static List<String> readLines(Path file) {
        return lines(readText(file));
    }

    /**
     * Reads a whole file.
     *
     * @param file the file
     * @return its text, or an empty text where missing or unreadable
     */
    static String readText(Path file) {
        try (KernelFile once = new KernelFile(file)) {
            return once.read();
        }
    }

    /**
     * The lines of a text, as {@link String#lines()} splits them. Proc and cgroup files end their lines with
     * {@code \n} alone: those are split by {@link String#indexOf(int, int)}, which the JIT has long compiled for the
     * rest of the application, while a stream pipeline or a loop over the characters here would run interpreted for the
     * first minutes of polling, at a millisecond a poll.
     */
    static List<String> lines(String text) {
        if (text.indexOf('\r') >= 0) {
            return text.lines().toList();
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    /** The first line of a text, trimmed, as {@link #lines} would give it; {@code null} for an empty text. */
    private static @Nullable String firstLine(String text) {
        if (text.isEmpty()) {
            return null;
        }
        int end = text.length();
        int newline = text.indexOf('\n');
        int carriageReturn = text.indexOf('\r');
        if (newline >= 0) {
            end = newline;
        }
        if (carriageReturn >= 0 && carriageReturn < end) {
            end = carriageReturn;
        }
        return text.substring(0, end).trim();
    }
}
