package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.protect.LowMemoryMode;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class LowMemoryModeSubscriptionTests {

    private final List<MemoryPressureChange> heard = new ArrayList<>();

    private final MemoryPressureListener component = heard::add;

    private final LowMemoryMode mode = LowMemoryMode.builder().minimumDuration(Duration.ZERO).build();

    private final ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.LOW);

    @Test
    void liftsTheComponentToTheFloorWhileTheModeIsOnAndBackToTheMonitorsLevelAfter() {
        LowMemoryModeSubscription subscription = new LowMemoryModeSubscription(provider(LowMemoryMode.class, mode),
                provider(MemoryPressureMonitor.class, monitor), MemoryPressureLevel.CRITICAL, component);
        assertThat(subscription.isSubscribed()).isTrue();
        assertThat(heard).isEmpty();

        mode.forceOn();
        monitor.setSnapshot(MemorySnapshot.ofLevel(MemoryPressureLevel.MODERATE, MemorySnapshotFixtures.NOW));
        mode.release();

        assertThat(heard).extracting(MemoryPressureChange::previous, MemoryPressureChange::current).containsExactly(
                org.assertj.core.groups.Tuple.tuple(MemoryPressureLevel.LOW, MemoryPressureLevel.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.MODERATE));
    }

    @Test
    void leavesTheComponentAloneWhenTheLevelAlreadyReachesTheFloor() {
        monitor.setSnapshot(MemorySnapshot.ofLevel(MemoryPressureLevel.HIGH, MemorySnapshotFixtures.NOW));
        new LowMemoryModeSubscription(provider(LowMemoryMode.class, mode),
                provider(MemoryPressureMonitor.class, monitor), MemoryPressureLevel.HIGH, component);

        mode.forceOn();
        mode.release();

        assertThat(heard).isEmpty();
    }

    @Test
    void actsAtOnceWhenTheModeIsAlreadyOnAndStopsWhenClosed() {
        mode.forceOn();
        LowMemoryModeSubscription subscription = new LowMemoryModeSubscription(provider(LowMemoryMode.class, mode),
                provider(MemoryPressureMonitor.class, monitor), MemoryPressureLevel.HIGH, component);
        subscription.close();
        mode.release();

        assertThat(heard).singleElement().extracting(MemoryPressureChange::current).isEqualTo(MemoryPressureLevel.HIGH);
    }

    @Test
    void withoutAMonitorRestoresToNone() {
        new LowMemoryModeSubscription(provider(LowMemoryMode.class, mode), empty(MemoryPressureMonitor.class),
                MemoryPressureLevel.HIGH, component);
        mode.forceOn();
        mode.release();

        assertThat(heard).extracting(MemoryPressureChange::current).containsExactly(MemoryPressureLevel.HIGH,
                MemoryPressureLevel.NONE);
    }

    @Test
    void doesNothingWithoutAMode() {
        LowMemoryModeSubscription subscription = new LowMemoryModeSubscription(empty(LowMemoryMode.class),
                provider(MemoryPressureMonitor.class, monitor), MemoryPressureLevel.HIGH, component);
        assertThat(subscription.isSubscribed()).isFalse();
        subscription.close();
        assertThat(heard).isEmpty();
    }

    @Test
    void rejectsAFloorOfNone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LowMemoryModeSubscription(provider(LowMemoryMode.class, mode),
                        empty(MemoryPressureMonitor.class), MemoryPressureLevel.NONE, component))
                .withMessageContaining("floor must be above NONE");
    }

    private static <T> ObjectProvider<T> provider(Class<T> type, T bean) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("bean", bean);
        return beans.getBeanProvider(type);
    }

    private static <T> ObjectProvider<T> empty(Class<T> type) {
        return new DefaultListableBeanFactory().getBeanProvider(type);
    }
}
