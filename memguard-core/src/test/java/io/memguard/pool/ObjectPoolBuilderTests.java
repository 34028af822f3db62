package io.memguard.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ObjectPoolBuilderTests {

    @Test
    void defaultsAreTheStandardOnes() {
        ObjectPool<Object> pool = ObjectPool.builder("plain", Object::new).build();
        assertThat(pool.snapshot().maxSize()).isEqualTo(64);
        assertThat(pool.snapshot().allocated()).isZero();
        assertThat(pool.name()).isEqualTo("plain");
        assertThat(pool).hasToString("ObjectPool 'plain'");
    }

    @Test
    void rejectsAMissingOrBlankNameAndAMissingFactory() {
        assertThatNullPointerException().isThrownBy(() -> ObjectPool.builder(null, Object::new)).withMessage("name");
        assertThatIllegalArgumentException().isThrownBy(() -> ObjectPool.builder(" ", Object::new))
                .withMessage("name must not be blank");
        assertThatNullPointerException().isThrownBy(() -> ObjectPool.builder("x", null)).withMessage("factory");
    }

    @Test
    void rejectsSizesOutOfRangeNamingTheArgumentAndKeepsThePreviousOnes() {
        ObjectPool.Builder<Object> builder = ObjectPool.builder("x", Object::new).maxSize(4).initialSize(2);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxSize(0))
                .withMessage("maxSize must be from 1 to 65536, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxSize(1))
                .withMessage("maxSize must be at least the initial size 2, was 1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.initialSize(5))
                .withMessage("initialSize must be from 0 to the max size 4, was 5");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.initialSize(-1))
                .withMessage("initialSize must be from 0 to the max size 4, was -1");
        ObjectPool<Object> pool = builder.build();
        assertThat(pool.snapshot().maxSize()).isEqualTo(4);
        assertThat(pool.snapshot().available()).isEqualTo(2);
    }

    @Test
    void rejectsBadDurationsFractionsAndHooksNamingThem() {
        ObjectPool.Builder<Object> builder = ObjectPool.builder("x", Object::new);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.borrowTimeout(Duration.ofMillis(-1)))
                .withMessage("borrowTimeout must not be negative, was PT-0.001S");
        assertThatNullPointerException().isThrownBy(() -> builder.abandonedTimeout(null))
                .withMessage("abandonedTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.highPressureTrim(1.1))
                .withMessage("fraction must be in (0..1], was 1.1");
        assertThatNullPointerException().isThrownBy(() -> builder.reset(null)).withMessage("reset");
        assertThatNullPointerException().isThrownBy(() -> builder.destroy(null)).withMessage("destroy");
        assertThatNullPointerException().isThrownBy(() -> builder.ticker(null)).withMessage("ticker");
        assertThatNullPointerException().isThrownBy(() -> builder.listener(null)).withMessage("listener");
    }

    @Test
    void defaultsCannotShrinkTheMaxBelowTheInitialSize() {
        ObjectPool.Builder<Object> builder = ObjectPool.builder("x", Object::new).initialSize(10);
        ObjectPoolRegistry.Defaults small = new ObjectPoolRegistry.Defaults(5, Duration.ZERO, Duration.ZERO, false,
                1.0);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.defaults(small))
                .withMessage("defaults.maxSize must be at least the initial size 10, was 5");
    }
}
