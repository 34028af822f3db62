package io.memguard.sample.demo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a newcomer fill and empty the heap by hand: {@code POST /demo/ballast?mb=N} retains N more MiB,
 * {@code DELETE /demo/ballast} releases everything, {@code GET /demo/ballast} says how much is held.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/demo/ballast")
public class BallastController {

    private final Ballast ballast;

    BallastController(Ballast ballast) {
        this.ballast = ballast;
    }

    @GetMapping
    BallastStatus held() {
        return BallastStatus.of(ballast.held());
    }

    @PostMapping
    BallastStatus add(@RequestParam("mb") int mebibytes) {
        return BallastStatus.of(ballast.add(mebibytes));
    }

    @DeleteMapping
    BallastStatus releaseAll() {
        ballast.releaseAll();
        return BallastStatus.of(ballast.held());
    }

    @ExceptionHandler
    ProblemDetail badAmount(IllegalArgumentException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail heapExhausted(HeapExhaustedException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE, ex.getMessage());
    }

    /**
     * How much ballast is held.
     *
     * @param heldMebibytes the retained MiB
     * @param heldBytes     the retained bytes
     * @since 0.1.0
     */
    public record BallastStatus(long heldMebibytes, long heldBytes) {

        static BallastStatus of(DataSize held) {
            return new BallastStatus(held.toMegabytes(), held.toBytes());
        }
    }
}
