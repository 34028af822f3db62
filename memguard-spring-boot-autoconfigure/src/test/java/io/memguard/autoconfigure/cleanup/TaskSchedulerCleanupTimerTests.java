package io.memguard.autoconfigure.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class TaskSchedulerCleanupTimerTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void firstTickComesOneIntervalAfterNowOnTheSchedulersClock() {
        RecordingScheduler scheduler = new RecordingScheduler();
        scheduler.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
        Runnable tick = () -> {
        };
        Future<?> future = new TaskSchedulerCleanupTimer(scheduler).scheduleWithFixedDelay(tick, Duration.ofSeconds(30));
        assertThat(scheduler.task).isSameAs(tick);
        assertThat(scheduler.startTime).isEqualTo(NOW.plusSeconds(30));
        assertThat(scheduler.delay).isEqualTo(Duration.ofSeconds(30));
        assertThat(future).isNull();
    }

    static class RecordingScheduler extends ThreadPoolTaskScheduler {

        Runnable task;

        Instant startTime;

        Duration delay;

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            this.task = task;
            this.startTime = startTime;
            this.delay = delay;
            return null;
        }
    }
}
