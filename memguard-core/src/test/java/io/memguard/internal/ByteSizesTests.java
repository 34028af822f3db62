package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTests {

    @Test
    void bytesAreShownInTheLargestBinaryUnitBelow1024() {
        assertThat(ByteSizes.format(0)).isEqualTo("0 B");
        assertThat(ByteSizes.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSizes.format(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSizes.format(3L << 30)).isEqualTo("3 GiB");
        assertThat(ByteSizes.format(5L << 50)).isEqualTo("5120 TiB");
    }

    @Test
    void aWholeValueHasNoDecimalAndAnyOtherHasOne() {
        assertThat(ByteSizes.format(64L << 20)).isEqualTo("64 MiB");
        assertThat(ByteSizes.format((64L << 20) + (1L << 19))).isEqualTo("64.5 MiB");
        assertThat(ByteSizes.format((long) (9.6 * 1024))).isEqualTo("9.6 KiB");
    }

    @Test
    void aDeficitKeepsItsSign() {
        assertThat(ByteSizes.format(-2048)).isEqualTo("-2 KiB");
        assertThat(ByteSizes.format(-1536)).isEqualTo("-1.5 KiB");
        assertThat(ByteSizes.format(-100)).isEqualTo("-100 B");
    }

    @Test
    void theDecimalIsRoundedHalfUp() {
        assertThat(ByteSizes.format(1024 + 1023)).isEqualTo("2.0 KiB");
        assertThat(ByteSizes.format(1024 + 51)).isEqualTo("1.0 KiB");
        assertThat(ByteSizes.format(1024 + 52)).isEqualTo("1.1 KiB");
        assertThat(ByteSizes.format(-(1024 + 52))).isEqualTo("-1.1 KiB");
    }
}
