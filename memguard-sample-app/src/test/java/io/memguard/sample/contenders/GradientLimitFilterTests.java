package io.memguard.sample.contenders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class GradientLimitFilterTests {

    @Test
    void refusesWith503WhileTheLimitIsTakenAndAdmitsOnceItIsFree() throws Exception {
        SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().limit(FixedLimit.of(1)).build();
        GradientLimitFilter filter = new GradientLimitFilter(limiter);
        Optional<Limiter.Listener> held = limiter.acquire(null);
        assertThat(held).isPresent();

        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockFilterChain notCalled = new MockFilterChain();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/ingest"), refused, notCalled);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(notCalled.getRequest()).as("the refused request never reached the application").isNull();

        held.get().onSuccess();
        MockHttpServletResponse admitted = new MockHttpServletResponse();
        MockFilterChain called = new MockFilterChain();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/ingest"), admitted, called);
        assertThat(admitted.getStatus()).isEqualTo(200);
        assertThat(called.getRequest()).isNotNull();
        assertThat(limiter.getInflight()).as("the admitted request gave its slot back").isZero();
    }

    @Test
    void aRequestThatFailsGivesItsSlotBack() {
        SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().limit(FixedLimit.of(1)).build();
        GradientLimitFilter filter = new GradientLimitFilter(limiter);
        MockFilterChain failing = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req,
                    HttpServletResponse res) {
                throw new IllegalStateException("boom");
            }
        });

        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/api/x"),
                new MockHttpServletResponse(), failing)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(limiter.getInflight()).isZero();
    }

    @Test
    void aLimitOutsideItsBoundsFailsNamingBothProperties() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new GradientContender().gradientLimitFilter(30, 20))
            .withMessageContaining("sample.gradient.initial-limit (30)")
            .withMessageContaining("sample.gradient.max-concurrency (20)");
    }
}
