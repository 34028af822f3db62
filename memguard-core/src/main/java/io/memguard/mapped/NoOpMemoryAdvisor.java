package io.memguard.mapped;

import java.nio.MappedByteBuffer;

/** The advisor of platforms that cannot pass advice on: every call does nothing and says so. */
final class NoOpMemoryAdvisor implements MemoryAdvisor {

    private final String reason;

    NoOpMemoryAdvisor(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean supported(MappedSegment.Advice advice) {
        return false;
    }

    @Override
    public int advise(MappedByteBuffer buffer, long offset, long length, MappedSegment.Advice advice) {
        return UNSUPPORTED;
    }

    @Override
    public String description() {
        return "no-op: " + reason;
    }
}
