package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;

class GcDescriptorTests {

    @Test
    void describesTheOverheadWindowAndTheLiveSetMeasurements() {
        GcActivity gc = new GcActivity(7, Duration.ofMillis(900), Duration.ofMillis(100), 2048, 0.25, 2,
                Duration.ofSeconds(3));
        GcHintSnapshot hint = new GcHintSnapshot(false, false, 0, 0, 0, null, null, 4, 0, 0);
        GcDescriptor descriptor = GcDescriptor.of(gc, hint);
        assertThat(descriptor.pauseShare()).isEqualTo(0.25);
        assertThat(descriptor.fullCollections()).isEqualTo(2);
        assertThat(descriptor.timeSinceLiveSetMeasuredMillis()).isEqualTo(3000L);
        assertThat(descriptor.liveSetMeasurements()).isEqualTo(4L);
    }

    @Test
    void leavesOutWhatWasNotObserved() {
        GcDescriptor descriptor = GcDescriptor.of(GcActivity.NONE, null);
        assertThat(descriptor.pauseShare()).isNull();
        assertThat(descriptor.timeSinceLiveSetMeasuredMillis()).isNull();
        assertThat(descriptor.liveSetMeasurements()).isNull();
    }
}
