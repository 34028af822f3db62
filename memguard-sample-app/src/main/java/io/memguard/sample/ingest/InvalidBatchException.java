package io.memguard.sample.ingest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A batch with a record that is not an object with an {@code id}: answered 400, nothing of the batch is kept.
 *
 * @since 0.1.0
 */
@ResponseStatus(HttpStatus.BAD_REQUEST)
public class InvalidBatchException extends RuntimeException {

    public InvalidBatchException(String message) {
        super(message);
    }
}
