package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.jspecify.annotations.Nullable;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

class LastCollectionTests {

    /** A collector whose count and last collection the test sets, counting the calls to getLastGcInfo. */
    private final class ScriptedCollector {

        long count;

        @Nullable GcInfo last;

        final AtomicInteger fetches = new AtomicInteger();

        final GarbageCollectorMXBean bean = (GarbageCollectorMXBean) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { GarbageCollectorMXBean.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getCollectionCount" -> count;
                    case "getLastGcInfo" -> {
                        fetches.incrementAndGet();
                        yield last;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Two real collections of this JVM, one after the other, by the collector that runs {@code System.gc()}. */
    private static GcInfo[] twoCollections() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class);
        long[] before = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).toArray();
        System.gc();
        GarbageCollectorMXBean full = null;
        for (int i = 0; i < collectors.size() && full == null; i++) {
            if (collectors.get(i).getCollectionCount() > before[i] && collectors.get(i).getLastGcInfo() != null) {
                full = collectors.get(i);
            }
        }
        assertThat(full).as("a collector that ran System.gc()").isNotNull();
        GcInfo first = full.getLastGcInfo();
        GcInfo second;
        do {
            System.gc();
            second = full.getLastGcInfo();
        }
        while (second.getId() == first.getId());
        return new GcInfo[] { first, second };
    }

    @Test
    void asksTheJvmAgainOnlyAfterANewCollection() {
        GcInfo[] collections = twoCollections();
        ScriptedCollector collector = new ScriptedCollector();
        LastCollection lastCollection = new LastCollection(collector.bean);

        assertThat(lastCollection.read()).isNull();
        assertThat(collector.fetches).hasValue(0);

        collector.count = collections[0].getId();
        collector.last = collections[0];
        for (int i = 0; i < 3; i++) {
            assertThat(lastCollection.read()).isSameAs(collections[0]);
        }
        assertThat(collector.fetches).hasValue(1);

        collector.count = collections[1].getId();
        collector.last = collections[1];
        assertThat(lastCollection.read()).isSameAs(collections[1]);
        assertThat(lastCollection.read()).isSameAs(collections[1]);
        assertThat(collector.fetches).hasValue(2);
    }

    @Test
    void fetchesAgainWhenTheCountWasAheadOfTheInformation() {
        GcInfo[] collections = twoCollections();
        ScriptedCollector collector = new ScriptedCollector();
        LastCollection lastCollection = new LastCollection(collector.bean);
        // The JVM counts a collection just before it publishes it: for an instant the count is one ahead.
        collector.count = collections[1].getId();
        collector.last = collections[0];

        assertThat(lastCollection.read()).isSameAs(collections[0]);
        collector.last = collections[1];
        assertThat(lastCollection.read()).isSameAs(collections[1]);
        assertThat(lastCollection.read()).isSameAs(collections[1]);
        assertThat(collector.fetches).hasValue(2);
    }

    @Test
    void fetchesAgainWhileTheJvmGivesNothingAfterACollection() {
        ScriptedCollector collector = new ScriptedCollector();
        LastCollection lastCollection = new LastCollection(collector.bean);
        collector.count = 1;

        assertThat(lastCollection.read()).isNull();
        assertThat(lastCollection.read()).isNull();
        assertThat(collector.fetches).hasValue(2);
    }

    @Test
    void fetchesEveryTimeWhereTheCountIsUndefined() {
        GcInfo[] collections = twoCollections();
        ScriptedCollector collector = new ScriptedCollector();
        LastCollection lastCollection = new LastCollection(collector.bean);
        collector.count = -1;
        collector.last = collections[0];

        assertThat(lastCollection.read()).isSameAs(collections[0]);
        collector.last = collections[1];
        assertThat(lastCollection.read()).isSameAs(collections[1]);
        assertThat(collector.fetches).hasValue(2);
    }
}
