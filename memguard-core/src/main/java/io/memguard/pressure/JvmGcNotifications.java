package io.memguard.pressure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

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
    public AutoCloseable subscribe(Consumer<GarbageCollection> onCollection) {
        NotificationListener listener = (notification, handback) -> {
            if (isCollection(notification)) {
                onCollection.accept(collectionOf(notification));
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

    private static GarbageCollection collectionOf(Notification notification) {
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                .from((CompositeData) notification.getUserData());
        GcInfo gc = info.getGcInfo();
        return GarbageCollection.of(info.getGcName(), info.getGcAction(), info.getGcCause(), gc.getDuration(),
                longLived(gc.getMemoryUsageBeforeGc()), longLived(gc.getMemoryUsageAfterGc()));
    }

    private static long longLived(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (LongLivedPools.isLongLived(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    private static boolean isCollection(Notification notification) {
        return GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType());
    }
}
