package io.memguard.sample.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import io.memguard.diagnostics.MemoryProfiler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The heap a parsed batch holds against its body, for the order lines of the overload proof, measured with
 * memguard's {@link MemoryProfiler} and printed for docs/overload.md:
 * {@code ./mvnw -B -ntp -pl memguard-sample-app -am test -Dtest=BatchMemoryTests -Dsurefire.failIfNoSpecifiedTests=false}.
 * The bound only checks that a batch holds more than its body ("several times" in the docs).
 */
class BatchMemoryTests {

    /** One order line as {@code NdjsonBatches} writes it. */
    private static final String LINE = "{\"id\":%d,\"customer\":\"customer-417\",\"sku\":\"SKU-31337\","
            + "\"quantity\":7,\"amount\":512.25,\"currency\":\"EUR\",\"tags\":[\"web\",\"promo\"],\"note\":\"%s\","
            + "\"ts\":1733512345678}\n";

    @Test
    void aParsedBatchHoldsSeveralTimesItsBody() {
        StringBuilder batch = new StringBuilder();
        for (int id = 0; batch.length() < (1 << 20); id++) {
            batch.append(LINE.formatted(id, Long.toString(id * 7919L, 36) + "k3x9q0w1z8y2v7u6t5s4"));
        }
        byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);
        BatchIngester ingester = new BatchIngester(JsonMapper.builder().build(), new IngestStats());

        MemoryProfiler.RetentionProfile perBatch = MemoryProfiler.ofThisJvm().retained(8,
                () -> ingester.parse(new ByteArrayInputStream(body)));

        double ratio = perBatch.bytesPerInstance() / body.length;
        System.out.printf("heap held by a parsed %d-byte batch: %.0f bytes, %.1f times the body%n", body.length,
                perBatch.bytesPerInstance(), ratio);
        assertThat(ratio).isGreaterThan(1.5);
    }
}
