package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

class RingBufferBuilderTests {

    @Test
    void defaultsAreDocumented() {
        RingBuffer<String> buffer = RingBuffer.<String>builder("events").build();
        assertThat(buffer.name()).isEqualTo("events");
        assertThat(buffer.capacity()).isEqualTo(1024);
        assertThat(buffer.policy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(buffer.metrics().maxCapacity()).isEqualTo(1024);
    }

    @Test
    void resizeGrowsToEightTimesTheCapacityByDefault() {
        RingBuffer<String> buffer = RingBuffer.<String>builder("events").capacity(100).policy(OverflowPolicy.RESIZE)
                .build();
        assertThat(buffer.metrics().maxCapacity()).isEqualTo(800);
    }

    @Test
    void maxCapacityIsIgnoredWithoutResize() {
        RingBuffer<String> buffer = RingBuffer.<String>builder("events").capacity(100).maxCapacity(50).build();
        assertThat(buffer.metrics().maxCapacity()).isEqualTo(100);
    }

    @Test
    void nameMustBeGiven() {
        assertThatNullPointerException().isThrownBy(() -> RingBuffer.builder(null)).withMessage("name");
        assertThatIllegalArgumentException().isThrownBy(() -> RingBuffer.builder(" "))
                .withMessage("name must not be blank");
    }

    @Test
    void capacityMustBePositiveAndBounded() {
        RingBuffer.Builder<String> builder = RingBuffer.builder("events");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.capacity(0))
                .withMessage("capacity must be between 1 and 1073741824, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxCapacity((1 << 30) + 1))
                .withMessage("maxCapacity must be between 1 and 1073741824, was 1073741825");
    }

    @Test
    void maxCapacityBelowCapacityIsRejectedForResize() {
        RingBuffer.Builder<String> builder = RingBuffer.<String>builder("events").capacity(100).maxCapacity(50)
                .policy(OverflowPolicy.RESIZE);
        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessage("maxCapacity (50) must not be below capacity (100)");
    }

    @Test
    void fallbackPolicyCannotBeResize() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RingBuffer.builder("events").fallbackPolicy(OverflowPolicy.RESIZE))
                .withMessage("fallbackPolicy must not be RESIZE: it applies when the buffer cannot grow");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> RingBuffer.builder("events").timeout(Duration.ZERO))
                .withMessage("timeout must be positive, was PT0S");
    }

    @Test
    void watermarksMustBeOrderedFractions() {
        RingBuffer.Builder<String> builder = RingBuffer.builder("events");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.watermarks(1.5, 0.5))
                .withMessage("highWatermark must be in (0, 1], was 1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.watermarks(0.5, 0.5))
                .withMessage("lowWatermark must be at least 0 and below highWatermark (0.5), was 0.5");
    }

    @Test
    void pressureFractionsMustShrinkMoreAtCritical() {
        RingBuffer.Builder<String> builder = RingBuffer.builder("events");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.pressureFractions(0.0, 0.0))
                .withMessage("highPressureFraction must be in (0, 1], was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.pressureFractions(0.3, 0.6))
                .withMessage("criticalPressureFraction must not exceed highPressureFraction (0.3), was 0.6");
    }

    @Test
    void aRejectedSettingLeavesTheBuilderAsItWas() {
        RingBuffer.Builder<String> builder = RingBuffer.<String>builder("events").watermarks(0.9, 0.1);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.watermarks(0.5, 0.7));
        RingBuffer<String> buffer = builder.capacity(10).policy(OverflowPolicy.DROP_NEWEST).build();
        for (int i = 0; i < 8; i++) {
            buffer.offer("item");
        }
        assertThat(buffer.isPressured()).isFalse();
        buffer.offer("item");
        assertThat(buffer.isPressured()).isTrue();
    }
}
