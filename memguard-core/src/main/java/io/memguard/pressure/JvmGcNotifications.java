package io.memguard.pressure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * GC notifications of the running JVM: one {@link NotificationListener} on every collector bean that emits them.
 */
final class JvmGcNotifications implements GcNotifications {

    private final List<GarbageCollectorMXBean> collectors;

    JvmGcNotifications() {
        this(ManagementFactory.getGarbageCollectorMXBeans());
    }

    JvmGcNotifications(List<GarbageCollectorMXBean> collectors) {
        this.collectors = List.copyOf(collectors);
    }

    @Override
    public AutoCloseable subscribe(Runnable onCollection) {
        NotificationListener listener = (notification, handback) -> {
            if (isCollection(notification)) {
                onCollection.run();
            }
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        return () -> {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                }
                catch (ListenerNotFoundException ex) {
                    // Already removed: nothing left to do.
                }
            }
        };
    }

    private static boolean isCollection(Notification notification) {
        return GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType());
    }
}
