package io.memguard.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.testing.TestClock;
import org.junit.jupiter.api.Test;

class ExpiringEntriesTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration TTL = Duration.ofMinutes(10);

    private final TestClock clock = new TestClock(START);

    record LastSeen(Instant at) {
    }

    @Test
    void removesEntriesOnceTheirTtlHasPassedOnTheClock() {
        Map<String, LastSeen> lastSeen = new ConcurrentHashMap<>();
        lastSeen.put("old", new LastSeen(START));
        lastSeen.put("recent", new LastSeen(START.plus(Duration.ofMinutes(5))));
        ExpiringEntries<String, LastSeen> expiry = new ExpiringEntries<>(lastSeen, LastSeen::at, TTL, clock);

        clock.advance(Duration.ofMinutes(9));
        assertThat(expiry.clean()).isZero();
        assertThat(lastSeen).containsOnlyKeys("old", "recent");

        clock.advance(Duration.ofMinutes(1));
        assertThat(expiry.clean()).isEqualTo(1);
        assertThat(lastSeen).containsOnlyKeys("recent");

        clock.advance(Duration.ofMinutes(5));
        assertThat(expiry.clean()).isEqualTo(1);
        assertThat(lastSeen).isEmpty();
    }

    @Test
    void anEntryRefreshedWhileThePassRunsStays() {
        Map<String, LastSeen> lastSeen = new ConcurrentHashMap<>();
        lastSeen.put("client", new LastSeen(START));
        clock.advance(TTL.plusSeconds(1));
        ExpiringEntries<String, LastSeen> expiry = new ExpiringEntries<>(lastSeen, (LastSeen value) -> {
            // The client shows up again between the check and the removal.
            lastSeen.put("client", new LastSeen(clock.instant()));
            return value.at();
        }, TTL, clock);
        assertThat(expiry.clean()).isZero();
        assertThat(lastSeen.get("client").at()).isEqualTo(clock.instant());
    }

    @Test
    void worksOnAMapThatIsNotConcurrent() {
        Map<Integer, LastSeen> lastSeen = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            lastSeen.put(i, new LastSeen(START.plusSeconds(i)));
        }
        clock.advance(TTL.plusSeconds(49));
        assertThat(new ExpiringEntries<>(lastSeen, LastSeen::at, TTL, clock).clean()).isEqualTo(50);
        assertThat(lastSeen).hasSize(50).doesNotContainKey(49).containsKey(50);
    }

    @Test
    void anEntryWithoutTimestampExpiresAtOnce() {
        Map<String, LastSeen> lastSeen = new HashMap<>();
        lastSeen.put("unknown", new LastSeen(null));
        assertThat(new ExpiringEntries<>(lastSeen, LastSeen::at, TTL, clock).clean()).isEqualTo(1);
        assertThat(lastSeen).isEmpty();
    }

    @Test
    void ttlMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ExpiringEntries<>(new HashMap<String, LastSeen>(), LastSeen::at, Duration.ZERO, clock))
                .withMessage("ttl must be positive, was PT0S");
    }
}
