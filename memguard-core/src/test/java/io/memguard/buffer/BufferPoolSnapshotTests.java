package io.memguard.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.buffer.BufferPool.LeakDetection;
import io.memguard.pressure.MemoryPressureLevel;

class BufferPoolSnapshotTests {

    private final BufferPoolSnapshot.Bucket small = new BufferPoolSnapshot.Bucket(1024, 4, 3, 2, 2, 0.5, 1, 2, 2048, 0,
            0, 0);

    private final BufferPoolSnapshot stats = new BufferPoolSnapshot(false, LeakDetection.SAMPLED, 128,
            MemoryPressureLevel.NONE, false, 8, 1 << 20, 2048, 1, 0, 0, 0, 0, 1, List.of(small));

    @Test
    void findsABucketBySize() {
        assertThat(stats.bucket(1024)).isSameAs(small);
    }

    @Test
    void namesTheBucketsWhenAskedForOneItDoesNotHave() {
        assertThatIllegalArgumentException().isThrownBy(() -> stats.bucket(4096))
                .withMessage("No bucket of 4096 bytes; buckets are [1024]");
    }
}
