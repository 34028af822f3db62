package io.memguard.sample.events;

import java.io.IOException;
import java.time.Duration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: a server-sent events feed of memory pressure level changes. Each subscriber has
 * its own bounded ring buffer, so a slow subscriber costs a bounded amount of memory: when it falls behind,
 * its oldest events are dropped (the gap shows in the events' sequence numbers).
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
@ConditionalOnMemguardEnabled
@RestController
public class PressureEventsController {

    private final PressureEventBroadcaster broadcaster;

    private final Duration timeout;

    public PressureEventsController(PressureEventBroadcaster broadcaster,
            @Value("${sample.events.timeout:30m}") Duration timeout) {
        this.broadcaster = broadcaster;
        this.timeout = timeout;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events() {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        EventSubscriber subscriber = broadcaster.subscribe(new EventSubscriber.Connection() {

            @Override
            public void send(PressureEvent event) throws IOException {
                emitter.send(SseEmitter.event()
                        .id(Long.toString(event.sequence()))
                        .name("pressure")
                        .data(event, MediaType.APPLICATION_JSON));
            }

            @Override
            public void close() {
                emitter.complete();
            }
        });
        emitter.onCompletion(subscriber::close);
        emitter.onTimeout(subscriber::close);
        emitter.onError(error -> subscriber.close());
        return emitter;
    }
}
