package io.memguard.spring.event;

import java.time.Instant;
import java.util.Map;

import org.springframework.context.ApplicationEvent;

import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;
import io.memguard.protect.LoadShedder.SheddingSummary;

/**
 * Published while load shedding refuses requests: at most once per {@code memguard.shedding.event-interval},
 * counting the refusals since the previous event, and once more when pressure changes. Never one event per
 * request.
 *
 * @since 0.1.0
 */
public class MemoryThrottlingEvent extends ApplicationEvent {

    private final SheddingSummary summary;

    /**
     * Creates the event.
     *
     * @param shedder the shedder that refused the requests
     * @param summary what was refused since the previous event
     */
    public MemoryThrottlingEvent(LoadShedder shedder, SheddingSummary summary) {
        super(shedder);
        this.summary = summary;
    }

    /**
     * What was refused, why, and over which period.
     *
     * @return the summary
     */
    public SheddingSummary getSummary() {
        return summary;
    }

    /**
     * Requests refused since the previous event.
     *
     * @return the count
     */
    public long getRefused() {
        return summary.total();
    }

    /**
     * Requests refused since the previous event, by reason.
     *
     * @return the counts; reasons with none are absent
     */
    public Map<ShedReason, Long> getRefusedByReason() {
        return summary.counts();
    }

    /**
     * The start of the period this event covers: the end of the previous one.
     *
     * @return the start
     */
    public Instant getFrom() {
        return summary.from();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[refused=" + summary.counts() + ", from=" + summary.from() + ", to="
                + summary.to() + ", level=" + summary.level() + "]";
    }
}
