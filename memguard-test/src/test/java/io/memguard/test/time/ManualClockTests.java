package io.memguard.test.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualClockTests {

    @Test
    void standsStillUntilAdvanced() {
        ManualClock clock = new ManualClock();
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);

        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(90));
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(90));
        assertThat(clock.millis()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(90).toEpochMilli());
    }

    @Test
    void setMovesTheClockEitherWay() {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        clock.set(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void aNegativeAdvanceMovesItBack() {
        ManualClock clock = new ManualClock();
        assertThat(clock.advance(Duration.ofSeconds(-1))).isEqualTo(ManualClock.DEFAULT_START.minusSeconds(1));
        assertThatNullPointerException().isThrownBy(() -> clock.advance(null)).withMessage("duration");
    }

    @Test
    void staysInUtc() {
        ManualClock clock = new ManualClock();
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
        assertThatThrownBy(() -> clock.withZone(ZoneId.of("Europe/Paris")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        ManualClock clock = new ManualClock();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    clock.advance(Duration.ofNanos(1));
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusNanos(400_000));
        assertThat(clock.nanoTime()).isEqualTo(400_000);
    }

    @Test
    void theTickerMovesWithTheInstant() {
        ManualClock clock = new ManualClock();
        LongSupplier ticker = clock.ticker();
        assertThat(ticker.getAsLong()).isZero();

        clock.advance(Duration.ofMillis(1500));
        assertThat(ticker.getAsLong()).isEqualTo(1_500_000_000L);
        clock.set(ManualClock.DEFAULT_START.plusSeconds(1));
        assertThat(ticker.getAsLong()).isEqualTo(1_000_000_000L);
        clock.advance(Duration.ofNanos(-7));
        assertThat(clock.nanoTime()).isEqualTo(999_999_993L);
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(1).minusNanos(7));
    }
}
