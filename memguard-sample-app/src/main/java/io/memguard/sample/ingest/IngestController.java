package io.memguard.sample.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.MediaType;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk ingestion, as a careless service does it: {@code POST /api/ingest} takes an NDJSON batch (one JSON object a
 * line, typically 1 to 8 MiB), parses every line into a tree, validates the whole batch and only then answers a
 * summary. Every parsed record is held until the request ends, so a request holds several times its body in heap.
 * {@code GET /api/ingest/stats} is a light read. Neither is exempt from load shedding.
 *
 * @since 0.1.0
 */
@RestController
public class IngestController {

    private final BatchIngester ingester;

    private final IngestStats stats;

    public IngestController(BatchIngester ingester, IngestStats stats) {
        this.ingester = ingester;
        this.stats = stats;
    }

    /**
     * Ingests one NDJSON batch. The body is read inside this call (not bound before it), so that the
     * {@code @ConcurrencyLimit} here also limits the memory of parsing. That limit,
     * {@code sample.ingest.concurrency-limit}, applies only where resilient methods are enabled: in the
     * {@code concurrency-limit} profile ({@link io.memguard.sample.contenders.ConcurrencyLimitContender}).
     *
     * @param body the request body
     * @return what the batch held
     * @throws IOException if the body cannot be read
     */
    @ConcurrencyLimit(limitString = "${sample.ingest.concurrency-limit}")
    @PostMapping(path = "/api/ingest", consumes = { "application/x-ndjson", MediaType.APPLICATION_JSON_VALUE })
    public BatchSummary ingest(InputStream body) throws IOException {
        return ingester.ingest(body);
    }

    /**
     * What was ingested since start.
     *
     * @return the counters
     */
    @GetMapping("/api/ingest/stats")
    public IngestStats.Totals stats() {
        return stats.totals();
    }
}
