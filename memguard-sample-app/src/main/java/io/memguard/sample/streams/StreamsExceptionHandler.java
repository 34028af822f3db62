package io.memguard.sample.streams;

import io.memguard.quota.QuotaExceededException;
import io.memguard.quota.QuotaRejection;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns quota refusals into answers a client can act on: 429 when its own stream is over its quota or rate (slow
 * down this stream), 503 with {@code Retry-After} when the whole service is at its critical memory threshold
 * (come back later), 404 for a chunk that never existed.
 *
 * @since 0.1.0
 */
@RestControllerAdvice(assignableTypes = StreamsController.class)
public class StreamsExceptionHandler {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceededException ex) {
        QuotaRejection rejection = ex.rejection();
        boolean stream = rejection.limit() == QuotaRejection.Limit.STREAM;
        HttpStatus status = stream ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setTitle(stream ? "Stream memory quota exceeded" : "Service memory quota exhausted");
        problem.setProperty("stream", rejection.stream());
        problem.setProperty("limit", rejection.limit().id());
        problem.setProperty("limitBytes", rejection.limitBytes());
        problem.setProperty("requestedBytes", rejection.requestedBytes());
        problem.setProperty("excessBytes", rejection.excessBytes());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (!stream) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(ChunkRateLimitedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
        problem.setTitle("Stream rate limit exceeded");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownChunk(UnknownChunkException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("No such chunk");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
