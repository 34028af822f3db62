package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class JvmGcProbeTests {

    @Test
    void countsCollectionsPausesAndAllocationOfThisJvm() {
        JvmGcProbe probe = new JvmGcProbe();
        GcTotals before = probe.read().orElseThrow();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[64 * 1024];
        }
        System.gc();
        GcTotals after = probe.read().orElseThrow();
        assertThat(after.collections()).isGreaterThan(before.collections());
        assertThat(after.pauseTotal()).isGreaterThanOrEqualTo(before.pauseTotal());
        assertThat(after.lastCollectionEnd()).isNotNull().isBeforeOrEqualTo(Instant.now().plusSeconds(1));
        assertThat(after.allocatedBytes()).as("allocated bytes, if this JVM counts them")
                .satisfiesAnyOf(bytes -> assertThat(bytes).isEqualTo(-1),
                        bytes -> assertThat(bytes - before.allocatedBytes())
                                .isGreaterThanOrEqualTo((long) garbage.length * garbage[0].length));
    }
}
