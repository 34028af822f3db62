package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

import org.junit.jupiter.api.Test;

class JvmGcNotificationsTests {

    @Test
    void aCollectionIsNotified() throws Exception {
        AtomicInteger collections = new AtomicInteger();
        AutoCloseable subscription = new JvmGcNotifications().subscribe((collection) -> collections.incrementAndGet());
        try {
            System.gc();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(collections).hasPositiveValue());
        }
        finally {
            subscription.close();
        }
    }

    @Test
    void closingRemovesTheListenerFromEveryCollector() throws Exception {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        RecordingEmitters recording = new RecordingEmitters(collectors);
        AutoCloseable subscription = new JvmGcNotifications(recording.collectors()).subscribe((collection) -> { });
        assertThat(recording.added()).isEqualTo(collectors.size());
        subscription.close();
        assertThat(recording.removed()).isEqualTo(collectors.size());
        assertThatExceptionOfType(ListenerNotFoundException.class)
                .isThrownBy(() -> ((NotificationEmitter) collectors.get(0)).removeNotificationListener(recording.last));
    }

    /** Wraps the real collector beans to see each listener added and removed. */
    private static final class RecordingEmitters {

        private final List<GarbageCollectorMXBean> delegates;

        private final AtomicInteger added = new AtomicInteger();

        private final AtomicInteger removed = new AtomicInteger();

        private volatile NotificationListener last;

        RecordingEmitters(List<GarbageCollectorMXBean> delegates) {
            this.delegates = delegates;
        }

        int added() {
            return added.get();
        }

        int removed() {
            return removed.get();
        }

        List<GarbageCollectorMXBean> collectors() {
            return delegates.stream().map(this::recording).toList();
        }

        private GarbageCollectorMXBean recording(GarbageCollectorMXBean delegate) {
            NotificationEmitter emitter = (NotificationEmitter) delegate;
            return (GarbageCollectorMXBean) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { GarbageCollectorMXBean.class, NotificationEmitter.class }, (proxy, method, args) -> {
                        if (method.getName().equals("addNotificationListener")) {
                            added.incrementAndGet();
                            last = (NotificationListener) args[0];
                        }
                        else if (method.getName().equals("removeNotificationListener")) {
                            removed.incrementAndGet();
                        }
                        Object target = method.getDeclaringClass().isInstance(delegate) ? delegate : emitter;
                        return method.invoke(target, args);
                    });
        }
    }
}
