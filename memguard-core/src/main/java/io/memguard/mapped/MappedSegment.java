package io.memguard.mapped;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region of a file mapped into memory with {@link FileChannel#map}, which can tell the operating system how its
 * pages will be used: read ahead ({@link #prefetch}), read in order or at random ({@link #advise}), or give the
 * memory back when it is short ({@link #freeLazy()}).
 *
 * <p>Advice goes to {@code madvise(2)} through the Foreign Function and Memory API where the running JDK has it
 * (22 and later) on Linux. Elsewhere (JDK 17 to 21, other systems) every hint is a documented no-op that returns
 * {@code false}: {@link #supported(Advice)} says which case applies. A hint the platform or the kernel
 * refuses is never an exception: the method returns {@code false} and logs the reason at debug level.
 *
 * <p>A segment maps at most {@link Integer#MAX_VALUE} bytes (one {@link MappedByteBuffer}). {@link #close()} stops
 * the segment from being used; the mapping itself is released when the buffer is garbage collected, as for any
 * mapped buffer.
 *
 * @since 0.1.0
 */
public final class MappedSegment implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(MappedSegment.class);

    private static final MemoryAdvisor ADVISOR = ForeignMemoryAdvisor.create().orElseGet(() -> new NoOpMemoryAdvisor(
            "madvise needs Linux and JDK 22 or later (java.lang.foreign); this is "
                    + System.getProperty("os.name") + " with JDK " + Runtime.version().feature()));

    private final MemoryAdvisor advisor;

    private final FileChannel.MapMode mode;

    private volatile @Nullable MappedByteBuffer buffer;

    MappedSegment(MappedByteBuffer buffer, FileChannel.MapMode mode, MemoryAdvisor advisor) {
        this.buffer = buffer;
        this.mode = mode;
        this.advisor = advisor;
    }

    /**
     * Maps a whole file.
     *
     * @param file the file; opened for reading, and for writing unless {@code mode} is {@code READ_ONLY}
     * @param mode how to map it
     * @return the segment
     * @throws IOException              if the file cannot be opened or mapped
     * @throws IllegalArgumentException if the file is larger than {@link Integer#MAX_VALUE} bytes
     */
    public static MappedSegment map(Path file, FileChannel.MapMode mode) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        StandardOpenOption[] options = mode == FileChannel.MapMode.READ_ONLY
                ? new StandardOpenOption[] { StandardOpenOption.READ }
                : new StandardOpenOption[] { StandardOpenOption.READ, StandardOpenOption.WRITE };
        try (FileChannel channel = FileChannel.open(file, options)) {
            return map(channel, mode, 0, channel.size());
        }
    }

    /**
     * Maps a region of an open channel. The mapping stays valid after the channel is closed.
     *
     * @param channel  the channel
     * @param mode     how to map it
     * @param position where the region starts in the file, 0 or more
     * @param size     its length in bytes, from 0 to {@link Integer#MAX_VALUE}
     * @return the segment
     * @throws IOException              if the region cannot be mapped
     * @throws IllegalArgumentException if {@code position} or {@code size} is out of range
     */
    public static MappedSegment map(FileChannel channel, FileChannel.MapMode mode, long position, long size)
            throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(mode, "mode");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative, was " + position);
        }
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size must be from 0 to " + Integer.MAX_VALUE + " bytes, was " + size);
        }
        return new MappedSegment(channel.map(mode, position, size), mode, ADVISOR);
    }

    /**
     * Whether this JVM passes the given advice to the operating system, or treats it as a no-op.
     *
     * @param advice the advice
     * @return {@code true} where {@link #advise} can reach {@code madvise}
     */
    public static boolean supported(Advice advice) {
        return ADVISOR.supported(Objects.requireNonNull(advice, "advice"));
    }

    /**
     * How advice is passed on in this JVM, or why it is a no-op.
     *
     * @return a short description
     */
    public static String platform() {
        return ADVISOR.description();
    }

    /**
     * The mapped buffer, shared by every caller: use {@code duplicate()} for an independent position.
     *
     * @return the buffer
     * @throws IllegalStateException if the segment is closed
     */
    public MappedByteBuffer buffer() {
        MappedByteBuffer mapped = buffer;
        if (mapped == null) {
            throw new IllegalStateException("This mapped segment is closed");
        }
        return mapped;
    }

    /**
     * The length of the segment.
     *
     * @return its size in bytes
     */
    public long size() {
        return buffer().capacity();
    }

    /**
     * How the segment was mapped.
     *
     * @return the map mode
     */
    public FileChannel.MapMode mode() {
        return mode;
    }

    /**
     * Advises on the whole segment.
     *
     * @param advice the advice
     * @return {@code true} if the operating system took it; {@code false} if it refused it or the platform cannot
     *         pass it on
     */
    public boolean advise(Advice advice) {
        return advise(advice, 0, size());
    }

    /**
     * Advises on a range of the segment; the range is widened to whole pages.
     *
     * @param advice the advice
     * @param offset where the range starts in the segment
     * @param length how long it is
     * @return {@code true} if the operating system took it; {@code false} if it refused it or the platform cannot
     *         pass it on
     * @throws IllegalArgumentException if the range is not inside the segment
     */
    public boolean advise(Advice advice, long offset, long length) {
        Objects.requireNonNull(advice, "advice");
        MappedByteBuffer mapped = buffer();
        if (offset < 0 || length < 0 || offset + length > mapped.capacity()) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length
                    + " must lie inside the segment of " + mapped.capacity() + " bytes");
        }
        if (!advisor.supported(advice)) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        try {
            int result = advisor.advise(mapped, offset, length, advice);
            if (result != 0) {
                logger.debug("memguard: madvise {} on {} bytes was refused with errno {}", advice, length, result);
            }
            return result == 0;
        }
        catch (RuntimeException ex) {
            logger.debug("memguard: madvise {} could not be called; treated as a no-op", advice, ex);
            return false;
        }
    }

    /**
     * Asks the operating system to start reading a range in now ({@link Advice#WILL_NEED}).
     *
     * @param offset where the range starts in the segment
     * @param length how long it is
     * @return {@code true} if the operating system took the hint
     */
    public boolean prefetch(long offset, long length) {
        return advise(Advice.WILL_NEED, offset, length);
    }

    /**
     * Lets the operating system take the segment's memory back when it needs it, without losing data: tries
     * {@link Advice#FREE}, then {@link Advice#COLD}, then, unless the mapping is {@code PRIVATE} (whose
     * changes it would discard), {@link Advice#DONT_NEED}. File mappings refuse {@code FREE}, so on Linux this
     * is usually {@code COLD} (kernel 5.4+).
     *
     * @return {@code true} if the operating system took one of them
     */
    public boolean freeLazy() {
        if (advise(Advice.FREE) || advise(Advice.COLD)) {
            return true;
        }
        return mode != FileChannel.MapMode.PRIVATE && advise(Advice.DONT_NEED);
    }

    /** Stops this segment from being used. The mapping is released when its buffer is garbage collected. */
    @Override
    public void close() {
        buffer = null;
    }

    /**
     * A hint to the operating system about how a {@link MappedSegment}'s pages will be used, passed to
     * {@code madvise(2)}.
     *
     * @since 0.1.0
     */
    public enum Advice {

        /** No special treatment: undoes an earlier hint. */
        NORMAL(0),

        /** Pages will be read at random: read ahead less. */
        RANDOM(1),

        /** Pages will be read in order: read ahead more, and drop pages soon after they are read. */
        SEQUENTIAL(2),

        /** Pages will be needed soon: start reading them in now. */
        WILL_NEED(3),

        /**
         * Pages will not be needed soon: unmap them now. For a shared or read-only mapping the data stays in the file
         * and the page cache, and is read back on the next access; for a {@code PRIVATE} mapping, changes not written
         * elsewhere are lost.
         */
        DONT_NEED(4),

        /** Pages may be freed lazily, when memory is short (Linux 4.5+, private anonymous memory only). */
        FREE(8),

        /** Pages are cold: reclaim them first when memory is short, without losing data (Linux 5.4+). */
        COLD(20);

        private final int linuxValue;

        Advice(int linuxValue) {
            this.linuxValue = linuxValue;
        }

        /**
         * The {@code MADV_*} constant of this advice on Linux.
         *
         * @return the value passed to {@code madvise}
         */
        int linuxValue() {
            return linuxValue;
        }
    }
}
