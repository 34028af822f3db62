package io.memguard.mapped;

/**
 * A hint to the operating system about how a {@link MappedSegment}'s pages will be used, passed to
 * {@code madvise(2)}.
 *
 * @since 0.1.0
 */
public enum MappedAdvice {

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

    MappedAdvice(int linuxValue) {
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
