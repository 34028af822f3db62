package io.memguard.sample.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses and validates a whole NDJSON batch before anything is accepted, the simple way: every record becomes a
 * Jackson tree and stays in a list until the batch is done, so the heap a batch needs grows with its size, several
 * times over ({@code BatchMemoryTests} prints by how much). Each record needs an {@code id}.
 *
 * @since 0.1.0
 */
@Service
public class BatchIngester {

    private final ObjectReader records;

    private final IngestStats stats;

    public BatchIngester(JsonMapper json, IngestStats stats) {
        this.records = json.readerFor(JsonNode.class);
        this.stats = stats;
    }

    /**
     * Parses, validates and summarises one batch.
     *
     * @param body NDJSON, one object a line
     * @return the batch's summary
     * @throws IOException if the body cannot be read
     * @throws InvalidBatchException if a line is not an object with an {@code id}
     */
    public BatchSummary ingest(InputStream body) throws IOException {
        CountingInputStream counted = new CountingInputStream(body);
        List<JsonNode> batch = parse(counted);
        Set<String> customers = new HashSet<>();
        double amount = 0;
        for (int line = 0; line < batch.size(); line++) {
            JsonNode record = batch.get(line);
            if (!record.isObject() || !record.hasNonNull("id")) {
                throw new InvalidBatchException("record " + (line + 1) + " is not an object with an id");
            }
            customers.add(record.path("customer").asString(""));
            amount += record.path("amount").asDouble(0);
        }
        BatchSummary summary = new BatchSummary(batch.size(), counted.count(), customers.size(), amount);
        stats.add(summary);
        return summary;
    }

    /** Every line of the body as a tree, all held at once. */
    List<JsonNode> parse(InputStream body) {
        List<JsonNode> batch = new ArrayList<>();
        try (MappingIterator<JsonNode> lines = records.readValues(body)) {
            while (lines.hasNext()) {
                batch.add(lines.next());
            }
        }
        return batch;
    }
}
