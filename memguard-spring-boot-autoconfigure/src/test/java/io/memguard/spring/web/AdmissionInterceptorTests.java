package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.MappingMatch;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.util.ServletRequestPathUtils;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.RouteCosts;

class AdmissionInterceptorTests {

    private final AdmissionController controller = AdmissionController.builder().maxLimit(1L << 30).build();

    @Test
    void matchesThePathTheDispatcherParsedWhenItWasParsedAgainstTheContextPath() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");

        assertThat(admits(interceptor, request("/ctx/open/x", true))).isFalse();
        assertThat(admits(interceptor, request("/ctx/open/x", false))).isFalse();
        assertThat(admits(interceptor, request("/ctx/api/x", true))).isTrue();
        assertThat(admits(interceptor, request("/ctx/api/x", false))).isTrue();
    }

    @Test
    void matchesThePathWithinTheApplicationWhenTheDispatcherIsMappedBelowAServletPath() throws Exception {
        // The dispatcher parses /ctx/app/open/x against /ctx/app; the excluded paths are matched against /app/open/x.
        MockHttpServletRequest request = request("/ctx/app/open/x", false);
        request.setServletPath("/app");
        request.setHttpServletMapping(new MockHttpServletMapping("/open/x", "/app/*", "dispatcher", MappingMatch.PATH));
        ServletRequestPathUtils.parseAndCache(request);

        assertThat(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value())
                .isEqualTo("/open/x");
        assertThat(admits(excluding("/app/open/**"), request)).isFalse();
        assertThat(admits(excluding("/open/**"), request)).isTrue();
    }

    private AdmissionInterceptor excluding(String pattern) {
        return new AdmissionInterceptor(new RequestAdmission(controller, RouteCosts.builder().build(),
                () -> ExcludedPaths.of(List.of(pattern)), false, null, ExcludedPaths.of(List.of()),
                ExcludedPaths.of(List.of()), Duration.ofSeconds(1)));
    }

    private static MockHttpServletRequest request(String uri, boolean parsedByTheDispatcher) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setContextPath("/ctx");
        if (parsedByTheDispatcher) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        return request;
    }

    /** Whether the request was weighed and admitted (an exempt one passes without weight). */
    private boolean admits(AdmissionInterceptor interceptor, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(interceptor.preHandle(request, response, new Object())).isTrue();
        boolean admitted = controller.inFlight() > 0;
        interceptor.afterCompletion(request, response, new Object(), null);
        assertThat(controller.inFlight()).isZero();
        return admitted;
    }
}
