package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.PressureStall;

class PressureStallProbeTests {

    @Test
    void readsTheCgroupsOwnPressureOnCgroupV2() {
        PressureStall psi = read("v2-high").orElseThrow();
        assertThat(psi.source()).isEqualTo("/sys/fs/cgroup/memory.pressure");
        assertThat(psi.someAvg10()).isCloseTo(0.22, within(1e-9));
        assertThat(psi.someAvg60()).isCloseTo(0.10, within(1e-9));
        assertThat(psi.someAvg300()).isCloseTo(0.025, within(1e-9));
        assertThat(psi.fullAvg10()).isCloseTo(0.08, within(1e-9));
        assertThat(psi.fullAvg60()).isCloseTo(0.03, within(1e-9));
        assertThat(psi.fullAvg300()).isCloseTo(0.005, within(1e-9));
    }

    @Test
    void readsTheCgroupPressureOfANonNamespacedCgroupV2() {
        PressureStall psi = read("v2-unlimited").orElseThrow();
        assertThat(psi.source()).isEqualTo("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope/memory.pressure");
        assertThat(psi.someAvg10()).isCloseTo(0.015, within(1e-9));
    }

    @Test
    void readsTheSystemPressureOnCgroupV1() {
        PressureStall psi = read("v1-docker").orElseThrow();
        assertThat(psi.source()).isEqualTo("/proc/pressure/memory");
        assertThat(psi.someAvg10()).isCloseTo(0.125, within(1e-9));
        assertThat(psi.fullAvg10()).isCloseTo(0.03, within(1e-9));
    }

    @Test
    void absentWithoutPressureFiles() {
        assertThat(read("v2-kubepods")).isEmpty();
        assertThat(read("none")).isEmpty();
    }

    @Test
    void kernelWithoutFullLineReportsFullAsUnknown() {
        PressureStall psi = PressureStallProbe
                .parse(List.of("some avg10=5.00 avg60=1.00 avg300=0.00 total=10"), "/proc/pressure/memory")
                .orElseThrow();
        assertThat(psi.someAvg10()).isCloseTo(0.05, within(1e-9));
        assertThat(psi.fullAvg10()).isEqualTo(-1);
        assertThat(psi.fullAvg300()).isEqualTo(-1);
    }

    @Test
    void malformedContentIsAbsent() {
        assertThat(PressureStallProbe.parse(List.of("some avg10=abc avg60=1.00"), "x")).isEmpty();
        assertThat(PressureStallProbe.parse(List.of("garbage"), "x")).isEmpty();
    }

    @Test
    void readsEachAverageFromTheFieldThatStartsWithItsName() {
        PressureStall psi = PressureStallProbe.parse(List.of("some  xavg10=9.00 avg300=3.00\tavg10=1.00 avg60=2.00",
                "full avg10=0.50 avg60= avg300=0.25"), "x").orElseThrow();

        assertThat(psi.someAvg10()).isCloseTo(0.01, within(1e-9));
        assertThat(psi.someAvg60()).isCloseTo(0.02, within(1e-9));
        assertThat(psi.someAvg300()).isCloseTo(0.03, within(1e-9));
        // An empty value makes the line unreadable, as any other malformed number does.
        assertThat(psi.fullAvg10()).isEqualTo(-1);
    }

    private static Optional<PressureStall> read(String fixture) {
        return new PressureStallProbe(new CgroupLocator(Fixtures.root(fixture))).read();
    }
}
