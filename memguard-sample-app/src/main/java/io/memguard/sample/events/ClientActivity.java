package io.memguard.sample.events;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.cleanup.CleanupScheduler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * When each API client was last seen: a map keyed by client that would grow for ever as clients come and go,
 * made TTL-cleaned by memguard's cleanup scheduler ({@code memguard.cleanup.default-ttl}, checked every
 * {@code memguard.cleanup.check-interval}, and once more when memory pressure rises).
 *
 * <p>A client is named by its {@code X-Client-Id} header, else by its address.
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
@ConditionalOnMemguardEnabled
@Component
public class ClientActivity implements HandlerInterceptor {

    /** The name of the cleanup task that expires the map, as shown in metrics and the actuator endpoint. */
    public static final String CLEANUP_TASK = "api-clients-last-seen";

    private final Map<String, LastSeen> lastSeen = new ConcurrentHashMap<>();

    private final Clock clock;

    public ClientActivity(CleanupScheduler cleanupScheduler, ObjectProvider<Clock> clock) {
        this.clock = clock.getIfUnique(Clock::systemUTC);
        cleanupScheduler.expireEntries(CLEANUP_TASK, lastSeen, LastSeen::at);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String client = request.getHeader("X-Client-Id");
        if (client == null || client.isBlank()) {
            client = request.getRemoteAddr();
        }
        lastSeen.put(client, new LastSeen(clock.instant(), request.getRequestURI()));
        return true;
    }

    /**
     * The clients seen within the TTL, by name.
     *
     * @return a sorted snapshot
     */
    public Map<String, LastSeen> clients() {
        return new TreeMap<>(lastSeen);
    }

    /**
     * The last request of a client.
     *
     * @param at   when it came
     * @param path what it asked for
     */
    public record LastSeen(Instant at, String path) {
    }
}
