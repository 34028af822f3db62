package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class StreamReservationTests {

    @Test
    void closingFromSeveralThreadsReleasesOnce() {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 30).defaultStreamLimit(1L << 30)
                .backgroundExecutor(Runnable::run).build();
        QuotaStream stream = controller.stream("s");
        stream.allocate("default", 1_000);
        for (int round = 0; round < 1_000; round++) {
            QuotaStream.Reservation reservation = stream.reserve("default", 10);
            CompletableFuture<?>[] closers = new CompletableFuture<?>[4];
            for (int i = 0; i < closers.length; i++) {
                closers[i] = CompletableFuture.runAsync(reservation::close);
            }
            CompletableFuture.allOf(closers).join();
            assertThat(stream.usedBytes()).isEqualTo(1_000);
        }
        assertThat(stream.reserve("default", 10)).hasToString("QuotaStream.Reservation[stream=s, component=default, bytes=10]");
    }
}
