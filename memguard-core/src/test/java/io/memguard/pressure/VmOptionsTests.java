package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VmOptionsTests {

    @Test
    void readsAFlagOfThisJvm() {
        // Runtime.maxMemory() leaves out a survivor space with some collectors, so it is at most the flag.
        assertThat(Long.parseLong(VmOptions.value("MaxHeapSize"))).isGreaterThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }

    @Test
    void anUnknownFlagIsNull() {
        assertThat(VmOptions.value("NoSuchFlagAnywhere")).isNull();
    }
}
