package io.memguard.sample.demo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
        return ballast.status();
    }

    @PostMapping
    BallastStatus add(@RequestParam("mb") int mebibytes) {
        return ballast.add(mebibytes);
    }

    @DeleteMapping
    BallastStatus releaseAll() {
        return ballast.releaseAll();
    }

    @ExceptionHandler
    ProblemDetail badAmount(IllegalArgumentException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail heapExhausted(HeapExhaustedException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE, ex.getMessage());
    }
}
