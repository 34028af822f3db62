package io.memguard.mapped;

import java.nio.MappedByteBuffer;

/** Passes advice about mapped pages to the operating system, or does nothing where it cannot. */
interface MemoryAdvisor {

    /** The result of advice the platform does not take at all. */
    int UNSUPPORTED = -1;

    /**
     * Whether this platform can pass the advice on.
     *
     * @param advice the advice
     * @return {@code true} if {@link #advise} calls the operating system for it
     */
    boolean supported(MappedSegment.Advice advice);

    /**
     * Advises on a range of a mapped buffer.
     *
     * @return 0 if the operating system took the advice, its {@code errno} if it refused it, or
     *         {@link #UNSUPPORTED} if the platform cannot pass advice on
     */
    int advise(MappedByteBuffer buffer, long offset, long length, MappedSegment.Advice advice);

    /**
     * What this advisor does, for logs and the documentation of a no-op.
     *
     * @return a short description
     */
    String description();
}
