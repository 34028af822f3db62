package io.memguard.sample.streams;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Streams of chunks under memory quotas:
 * <ul>
 * <li>{@code POST /api/streams/{id}/chunks} stores the body (optional {@code priority}) and answers its sequence
 * number;</li>
 * <li>{@code GET /api/streams/{id}} gives usage, limit, chunks held, chunks and bytes evicted;</li>
 * <li>{@code GET /api/streams/{id}/chunks/{seq}} returns the chunk, or 410 Gone once it was evicted.</li>
 * </ul>
 * A chunk that does not fit gets 429 (its stream's quota or rate) or 503 (the whole service's quota).
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/api/streams")
public class StreamsController {

    private final ChunkStore store;

    public StreamsController(ChunkStore store) {
        this.store = store;
    }

    @PostMapping(path = "/{id}/chunks", consumes = MediaType.ALL_VALUE)
    public ResponseEntity<StoredChunkResponse> store(@PathVariable String id, @RequestBody byte[] body,
            @RequestParam(defaultValue = "0") int priority) {
        long sequence = store.store(id, body, priority);
        return ResponseEntity.created(URI.create("/api/streams/" + id + "/chunks/" + sequence))
                .body(new StoredChunkResponse(id, sequence, body.length));
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> status(@PathVariable String id) {
        return store.status(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> ResponseEntity
                .status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "stream '" + id + "' has no chunks")));
    }

    @GetMapping(path = "/{id}/chunks/{sequence}")
    public ResponseEntity<?> chunk(@PathVariable String id, @PathVariable long sequence) {
        return store.read(id, sequence)
                .<ResponseEntity<?>>map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .body(bytes))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(gone(id, sequence)));
    }

    private static ProblemDetail gone(String id, long sequence) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, "chunk " + sequence
                + " of stream '" + id + "' was acknowledged, then evicted to keep the stream within its memory quota");
        problem.setTitle("Chunk evicted");
        return problem;
    }

    /**
     * What a stored chunk answers.
     *
     * @param stream   the stream's id
     * @param sequence the chunk's sequence number in the stream
     * @param bytes    the chunk's size
     * @since 0.1.0
     */
    public record StoredChunkResponse(String stream, long sequence, int bytes) {
    }
}
