package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;

class PressureRetentionTests {

    private final List<Double> trims = new ArrayList<>();

    private final PressureRetention retention = new PressureRetention(0.3, trims::add);

    private void change(MemoryPressureLevel previous, MemoryPressureLevel current) {
        retention.adjustTo(previous, current);
    }

    @Test
    void trimsAShareOnlyWhenRisingIntoHigh() {
        change(MemoryPressureLevel.MODERATE, MemoryPressureLevel.HIGH);
        change(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.HIGH);
        change(MemoryPressureLevel.HIGH, MemoryPressureLevel.LOW);

        assertThat(trims).containsExactly(0.3);
        assertThat(retention.paused()).isFalse();
        assertThat(retention.level()).isEqualTo(MemoryPressureLevel.LOW);
    }

    @Test
    void criticalLetsEverythingGoAndPausesUntilTheLevelFalls() {
        change(MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL);
        assertThat(trims).containsExactly(1.0);
        assertThat(retention.paused()).isTrue();

        change(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.HIGH);

        assertThat(retention.paused()).isFalse();
    }

    @Test
    void closeLetsEverythingGoForGood() {
        retention.close();
        change(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.NONE);

        assertThat(trims).containsExactly(1.0);
        assertThat(retention.paused()).isTrue();
    }
}
