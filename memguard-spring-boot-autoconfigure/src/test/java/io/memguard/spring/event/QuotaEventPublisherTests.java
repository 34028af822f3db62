package io.memguard.spring.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.memguard.quota.EvictionBatch;
import io.memguard.quota.EvictionReason;
import io.memguard.quota.QuotaEntrySnapshot;
import io.memguard.quota.QuotaRejection;
import io.memguard.quota.SuspectedLeak;
import org.junit.jupiter.api.Test;

class QuotaEventPublisherTests {

    private final List<Object> published = new ArrayList<>();
    private final QuotaEventPublisher publisher = new QuotaEventPublisher(published::add);

    @Test
    void eachNotificationBecomesItsSpringEvent() {
        EvictionBatch batch = new EvictionBatch(EvictionReason.GLOBAL_SOFT,
                List.of(new QuotaEntrySnapshot("s", "k", "default", 10, 0, 0, 0)));
        QuotaRejection rejection = new QuotaRejection(QuotaRejection.Limit.GLOBAL, "s", 10, 100, 98);
        SuspectedLeak leak = new SuspectedLeak("s", SuspectedLeak.Kind.CLOSED_WITH_BYTES, 5, Map.of("default", 5L),
                Duration.ZERO);

        publisher.onEviction(batch);
        publisher.onBackpressure(rejection);
        publisher.onSuspectedLeak(leak);

        assertThat(published).hasExactlyElementsOfTypes(QuotaEvictionEvent.class, QuotaBackpressureEvent.class,
                QuotaLeakSuspectedEvent.class);
        assertThat(((QuotaEvictionEvent) published.get(0)).getBatch()).isSameAs(batch);
        assertThat(((QuotaEvictionEvent) published.get(0)).getSource()).isSameAs(batch);
        assertThat(((QuotaBackpressureEvent) published.get(1)).getRejection()).isSameAs(rejection);
        assertThat(((QuotaLeakSuspectedEvent) published.get(2)).getLeak()).isSameAs(leak);
    }
}
