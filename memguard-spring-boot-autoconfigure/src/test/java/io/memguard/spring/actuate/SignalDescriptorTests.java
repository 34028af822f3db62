package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot.SignalReading;

class SignalDescriptorTests {

    @Test
    void aStaleReadingSaysSoAndAFreshOneSaysNothing() {
        SignalReading fresh = new SignalReading(MemorySignal.HEAP_AFTER_GC, 0.5, 500, 1000);
        assertThat(SignalDescriptor.of(fresh)).isEqualTo(new SignalDescriptor(0.5, 500L, 1000L));
        assertThat(SignalDescriptor.of(fresh.asStale())).isEqualTo(new SignalDescriptor(0.5, 500L, 1000L, true));
    }

    @Test
    void aGrowingSignalShowsItsSecondsToTheLimitAndAFlatOneNothing() {
        SignalReading growing = new SignalReading(MemorySignal.CONTAINER, 0.7, 700, 1000).withSecondsToLimit(1.25);
        assertThat(SignalDescriptor.of(growing)).isEqualTo(new SignalDescriptor(0.7, 700L, 1000L, null, 1.25));
        assertThat(SignalDescriptor.of(growing.withSecondsToLimit(-1)).secondsToLimit()).isNull();
    }

    @Test
    void gcOverheadIsNotInBytes() {
        assertThat(SignalDescriptor.of(new SignalReading(MemorySignal.GC_OVERHEAD, 0.25, -1, -1)))
                .isEqualTo(new SignalDescriptor(0.25, null, null));
    }
}
