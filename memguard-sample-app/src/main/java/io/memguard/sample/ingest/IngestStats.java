package io.memguard.sample.ingest;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Counters of what {@code POST /api/ingest} accepted since start; reading them is the light request of the
 * overload proof.
 *
 * @since 0.1.0
 */
@Component
public class IngestStats {

    private final LongAdder batches = new LongAdder();

    private final LongAdder records = new LongAdder();

    private final LongAdder bytes = new LongAdder();

    void add(BatchSummary batch) {
        batches.increment();
        records.add(batch.records());
        bytes.add(batch.bytes());
    }

    /**
     * The counters now.
     *
     * @return batches, records and bytes accepted
     */
    public Totals totals() {
        return new Totals(batches.sum(), records.sum(), bytes.sum());
    }

    /**
     * What was accepted since start.
     *
     * @param batches the batches
     * @param records their records
     * @param bytes   their bodies' bytes
     */
    public record Totals(long batches, long records, long bytes) {
    }
}
