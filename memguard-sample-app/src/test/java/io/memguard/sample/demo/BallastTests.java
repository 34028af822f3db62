package io.memguard.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BallastTests {

    private static final long CHUNK_BYTES = 1024 * 1024 - 64;

    private final Ballast ballast = new Ballast();

    @Test
    void holdsWhatIsAddedUntilReleased() {
        assertThat(ballast.status()).isEqualTo(new BallastStatus(0, 0));
        assertThat(ballast.add(3)).isEqualTo(new BallastStatus(3, 3 * CHUNK_BYTES));
        assertThat(ballast.add(2)).isEqualTo(new BallastStatus(5, 5 * CHUNK_BYTES));
        assertThat(ballast.status()).isEqualTo(new BallastStatus(5, 5 * CHUNK_BYTES));
        assertThat(ballast.releaseAll()).isEqualTo(new BallastStatus(0, 0));
        assertThat(ballast.status()).isEqualTo(new BallastStatus(0, 0));
    }

    @Test
    void refusesToPassItsLimitAndAddsNothing() {
        Ballast small = new Ballast(3 * CHUNK_BYTES);
        small.add(2);
        assertThatExceptionOfType(HeapExhaustedException.class).isThrownBy(() -> small.add(2))
                .withMessage("The heap cannot spare 2 MiB more; nothing was added and 2 MiB stay held");
        assertThat(small.add(1)).isEqualTo(new BallastStatus(3, 3 * CHUNK_BYTES));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 0, Ballast.MAX_MEBIBYTES_PER_CALL + 1 })
    void refusesAnAmountOutsideTheLimitsAndAddsNothing(int mebibytes) {
        ballast.add(1);
        assertThatIllegalArgumentException().isThrownBy(() -> ballast.add(mebibytes))
                .withMessage("mb must be between 1 and 1024, was " + mebibytes);
        assertThat(ballast.status().heldMebibytes()).isEqualTo(1);
    }
}
