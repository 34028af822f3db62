package io.memguard.pressure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * Reads the small text files of the cgroup and proc file systems.
 */
final class CgroupFiles {

    /**
     * Limits from here up are "no limit": cgroup v1 prints its unlimited sentinel ({@code LONG_MAX} rounded down to a
     * page, 9223372036854771712 with 4 KiB pages), and no real limit comes near 4 EiB.
     */
    static final long UNLIMITED_FROM = 1L << 62;

    /**
     * A read buffer per reading thread (in practice the monitor's polling thread). {@code Files.readAllBytes} starts
     * every file the kernel reports as empty, as it does every proc and cgroup file, with an 8 KiB array and copies it
     * to size: with several files a poll, most of what a calm poll allocated. These files are well under this size;
     * a larger one is read on in a second step.
     */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[8 * 1024]);

    private CgroupFiles() {
    }

    /**
     * Reads a file holding one number.
     *
     * @param file the file
     * @return the number, or empty where the file is missing or unreadable
     */
    static OptionalLong readLong(Path file) {
        return parseLong(readFirstLine(file));
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
     * Reads a limit: a number, or {@code max} for none.
     *
     * @param file the file
     * @return the limit, or empty where unlimited, missing or unreadable
     */
    static OptionalLong readLimit(Path file) {
        String text = readFirstLine(file);
        if (text == null || text.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long limit = Long.parseLong(text);
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
        // These files are small ASCII; reading the bytes at once costs a fraction of a buffered reader's buffers.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = BUFFERS.get();
            int length = in.readNBytes(buffer, 0, buffer.length);
            String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
            if (length == buffer.length) {
                text += new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            return text;
        }
        catch (IOException | RuntimeException ex) {
            return "";
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

    private static @Nullable String readFirstLine(Path file) {
        List<String> lines = readLines(file);
        return lines.isEmpty() ? null : lines.get(0).trim();
    }
}
