package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class MemoryPressureSubscriptionTests {

    private final List<MemoryPressureChange> heard = new ArrayList<>();

    private final MemoryPressureListener listener = heard::add;

    @Test
    void subscribesToTheMonitorUntilClosed() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        MemoryPressureSubscription subscription = new MemoryPressureSubscription(provider(monitor), listener);
        assertThat(subscription.isSubscribed()).isTrue();
        assertThat(heard).isEmpty();

        monitor.setLevel(MemoryPressureLevel.HIGH);
        subscription.close();
        monitor.setLevel(MemoryPressureLevel.NONE);

        assertThat(heard).extracting(MemoryPressureChange::current).containsExactly(MemoryPressureLevel.HIGH);
    }

    @Test
    void tellsTheListenerAtOnceWhenMemoryIsAlreadyShort() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(MemoryPressureLevel.CRITICAL);
        new MemoryPressureSubscription(provider(monitor), listener);

        assertThat(heard).singleElement().satisfies(change -> {
            assertThat(change.previous()).isEqualTo(MemoryPressureLevel.NONE);
            assertThat(change.current()).isEqualTo(MemoryPressureLevel.CRITICAL);
        });
    }

    @Test
    void doesNothingWithoutAMonitor() {
        MemoryPressureSubscription subscription = new MemoryPressureSubscription(
                new DefaultListableBeanFactory().getBeanProvider(MemoryPressureMonitor.class), listener);
        assertThat(subscription.isSubscribed()).isFalse();
        subscription.close();
        assertThat(heard).isEmpty();
    }

    private static org.springframework.beans.factory.ObjectProvider<MemoryPressureMonitor> provider(
            MemoryPressureMonitor monitor) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("monitor", monitor);
        return beans.getBeanProvider(MemoryPressureMonitor.class);
    }
}
