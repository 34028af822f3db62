package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CallersTests {

    /** Stands for a pool: records where it was called from. */
    static final class Pool {

        Throwable take() {
            return inner();
        }

        private Throwable inner() {
            return new Throwable();
        }
    }

    @Test
    void dropsThePoolsFramesFromTheTopAndKeepsTheCallers() {
        Throwable origin = new Pool().take();

        List<StackTraceElement> callers = Callers.of(origin, Set.of(Pool.class.getName()));

        assertThat(callers.get(0).getMethodName()).isEqualTo("dropsThePoolsFramesFromTheTopAndKeepsTheCallers");
        assertThat(callers).hasSize(origin.getStackTrace().length - 2);
    }

    @Test
    void keepsEverythingWhenTheTopIsNotThePool() {
        Throwable origin = new Throwable();
        assertThat(Callers.of(origin, Set.of(Pool.class.getName()))).containsExactly(origin.getStackTrace());
    }
}
