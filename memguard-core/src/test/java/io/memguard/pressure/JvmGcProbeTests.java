package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcTotals;
import io.memguard.testing.TestClock;

class JvmGcProbeTests {

    @Test
    void theGcCpuTimeIsLookedUpAtRunTimeAndOnlyWhereTheJvmHasIt() {
        assertThat(JvmGcProbe.findTotalGcCpuTime()).as("MemoryMXBean.getTotalGcCpuTime() on JDK %s",
                Runtime.version().feature()).satisfies(handle -> {
                    if (Runtime.version().feature() >= 26) {
                        assertThat(handle).isNotNull();
                    }
                    else {
                        assertThat(handle).isNull();
                    }
                });
    }

    @Test
    void aGcCpuTimeSourceThatAnswersMinusOneOrFailsIsNotReported() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MethodHandle answers = MethodHandles.dropArguments(MethodHandles.constant(long.class, 1_500_000L), 0,
                MemoryMXBean.class);
        MethodHandle unavailable = MethodHandles.dropArguments(MethodHandles.constant(long.class, -1L), 0,
                MemoryMXBean.class);
        MethodHandle fails = MethodHandles.dropArguments(MethodHandles.throwException(long.class,
                IllegalStateException.class).bindTo(new IllegalStateException("shutting down")), 0,
                MemoryMXBean.class);
        assertThat(probeReading(JvmGcProbe.totalGcCpuTimeOf(memory, answers))).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(probeReading(JvmGcProbe.totalGcCpuTimeOf(memory, unavailable))).isNull();
        assertThat(probeReading(JvmGcProbe.totalGcCpuTimeOf(memory, fails))).isNull();
        assertThat(probeReading(JvmGcProbe.totalGcCpuTimeOf(memory, null))).as("JDK 17 to 25").isNull();
    }

    private static Duration probeReading(LongSupplier gcCpuNanos) {
        return new JvmGcProbe(ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class),
                ManagementFactory.getThreadMXBean(), Clock.systemUTC(), () -> 0, gcCpuNanos).read().orElseThrow()
                .gcCpuTime();
    }

    @Test
    void theLastCollectionEndIsItsAgeOnTheUptimeBeforeTheClocksNow() {
        System.gc();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class);
        long lastEnd = collectors.stream().map(GarbageCollectorMXBean::getLastGcInfo).filter(Objects::nonNull)
                .mapToLong(GcInfo::getEndTime).max().orElseThrow();
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        JvmGcProbe probe = new JvmGcProbe(collectors, ManagementFactory.getThreadMXBean(), clock,
                () -> lastEnd + 5_000, () -> -1);
        assertThat(probe.read().orElseThrow().lastCollectionEnd()).as("5 s of uptime ago, whenever the JVM started")
                .isEqualTo(clock.instant().minusSeconds(5));
    }

    @Test
    void countsCollectionsPausesAndAllocationOfThisJvm() {
        JvmGcProbe probe = new JvmGcProbe();
        GcTotals before = probe.read().orElseThrow();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[64 * 1024];
        }
        System.gc();
        GcTotals after = probe.read().orElseThrow();
        assertThat(after.collections()).isGreaterThan(before.collections());
        assertThat(after.pauseTotal()).isGreaterThanOrEqualTo(before.pauseTotal());
        assertThat(after.lastCollectionEnd()).isNotNull().isBeforeOrEqualTo(Instant.now().plusSeconds(1));
        assertThat(after.gcCpuTime()).as("GC CPU time: reported from JDK 26 on, absent before")
                .satisfies(time -> {
                    if (Runtime.version().feature() >= 26) {
                        assertThat(time).isNotNull().isGreaterThanOrEqualTo(before.gcCpuTime());
                    }
                    else {
                        assertThat(time).isNull();
                    }
                });
        assertThat(after.allocatedBytes()).as("allocated bytes, if this JVM counts them")
                .satisfiesAnyOf(bytes -> assertThat(bytes).isEqualTo(-1),
                        bytes -> assertThat(bytes - before.allocatedBytes())
                                .isGreaterThanOrEqualTo((long) garbage.length * garbage[0].length));
    }
}
