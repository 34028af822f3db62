package io.memguard.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;

class ObjectPoolRegistryTests {

    private final ObjectPoolRegistry registry = new ObjectPoolRegistry(
            new ObjectPoolRegistry.Defaults(3, Duration.ZERO, Duration.ofMillis(1), false, 1.0));

    @Test
    void buildsPoolsWithItsDefaultsAndRegistersThem() {
        ObjectPool<StringBuilder> pool = registry.builder("builders", StringBuilder::new).build();

        assertThat(pool.snapshot().maxSize()).isEqualTo(3);
        assertThat(registry.defaults().maxSize()).isEqualTo(3);
        assertThat(new ObjectPoolRegistry().defaults()).isSameAs(ObjectPoolRegistry.Defaults.STANDARD);
        assertThat(registry.pools()).containsExactly(pool);
        assertThat(registry.pool("builders")).containsSame(pool);
        assertThat(registry.pool("other")).isEmpty();
    }

    @Test
    void aBuilderMayOverrideTheDefaults() {
        ObjectPool<StringBuilder> pool = registry.builder("big", StringBuilder::new).maxSize(10).build();
        assertThat(pool.snapshot().maxSize()).isEqualTo(10);
    }

    @Test
    void registeringTheSamePoolTwiceDoesNothingButAnotherOfTheSameNameIsRejected() {
        ObjectPool<Object> pool = ObjectPool.builder("a", Object::new).build();
        registry.register(pool);
        registry.register(pool);
        assertThatIllegalStateException()
                .isThrownBy(() -> registry.register(ObjectPool.builder("a", Object::new).build()))
                .withMessage("Another object pool is already registered as 'a': give each pool a unique name");
        assertThat(registry.pools()).containsExactly(pool);
    }

    @Test
    void listsPoolsByNameAndForgetsUnregisteredOnes() {
        ObjectPool<Object> b = registry.builder("b", Object::new).build();
        ObjectPool<Object> a = registry.builder("a", Object::new).build();
        assertThat(registry.pools()).containsExactly(a, b);

        registry.unregister(b);

        assertThat(registry.pools()).containsExactly(a);
    }

    @Test
    void passesPressureChangesToEveryPoolAndTellsLatePoolsTheCurrentLevel() {
        ObjectPool<Object> early = registry.builder("early", Object::new).build();
        early.release(early.borrow());

        registry.onPressureLevel(MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL);
        ObjectPool<Object> late = registry.builder("late", Object::new).build();
        late.release(late.borrow());

        assertThat(early.snapshot().available()).isZero();
        assertThat(late.snapshot().available()).as("late pool was told of CRITICAL").isZero();
        registry.onPressureLevel(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.NONE);
        late.release(late.borrow());
        assertThat(late.snapshot().available()).isEqualTo(1);
    }

    @Test
    void addsItsListenersToPresentAndFuturePoolsAndCollectsAbandonedObjectsFromAll() {
        List<AbandonedObject> reported = new ArrayList<>();
        TestClock clock = new TestClock();
        ObjectPool<Object> before = registry.builder("before", Object::new).ticker(clock.ticker()).build();
        registry.addListener(reported::add);
        ObjectPool<Object> after = registry.builder("after", Object::new).ticker(clock.ticker()).build();
        before.borrow();
        after.borrow();
        assertThat(registry.detectAbandoned()).as("the first detection notes the borrows").isEmpty();
        clock.advance(Duration.ofMillis(1));

        List<AbandonedObject> found = registry.detectAbandoned();

        assertThat(found).extracting(AbandonedObject::pool).containsExactly("after", "before");
        assertThat(reported).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void aRemovedListenerHearsOfNoAbandonedObjectInAnyPoolPresentOrFuture() {
        List<AbandonedObject> reported = new ArrayList<>();
        Consumer<AbandonedObject> listener = reported::add;
        TestClock clock = new TestClock();
        ObjectPool<Object> before = registry.builder("before", Object::new).ticker(clock.ticker()).build();
        registry.addListener(listener);
        registry.removeListener(listener);
        ObjectPool<Object> after = registry.builder("after", Object::new).ticker(clock.ticker()).build();
        before.borrow();
        after.borrow();
        registry.detectAbandoned();
        clock.advance(Duration.ofMillis(1));

        assertThat(registry.detectAbandoned()).hasSize(2);
        assertThat(reported).isEmpty();
    }

    @Test
    void tellsRegistrationListenersOfLaterPoolsAndSurvivesOneThatThrows() {
        List<String> registered = new ArrayList<>();
        registry.onRegistration(pool -> {
            throw new IllegalStateException("listener bug");
        });
        registry.onRegistration(pool -> registered.add(pool.name()));

        registry.builder("x", Object::new).build();

        assertThat(registered).containsExactly("x");
        assertThat(registry.failures()).isEqualTo(1);
    }
}
