package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.DispatcherType;

import jakarta.servlet.http.MappingMatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

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

    @Test
    void anAdmittedRequestIsNotWrittenToAndGivesItsWeightBackOnce() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");
        MockHttpServletRequest request = request("/ctx/api/x", true);
        List<String> attributesBefore = Collections.list(request.getAttributeNames());

        assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
        assertThat(controller.inFlight()).isPositive();
        // The ticket waits on the thread: the request's attributes are left alone (no entry, no listener called).
        assertThat(Collections.list(request.getAttributeNames())).isEqualTo(attributesBefore);
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isZero();
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isZero();
    }

    @Test
    void aRequestReachingTheInterceptorTwiceIsWeighedOnce() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");
        MockHttpServletRequest request = request("/ctx/api/x", true);

        interceptor.preHandle(request, new MockHttpServletResponse(), new Object());
        long weight = controller.inFlight();
        interceptor.preHandle(request, new MockHttpServletResponse(), new Object());

        assertThat(controller.inFlight()).isEqualTo(weight);
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isZero();
    }

    @Test
    void aForwardInsideTheRequestDoesNotEndIt() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");
        MockHttpServletRequest request = request("/ctx/api/x", true);
        interceptor.preHandle(request, new MockHttpServletResponse(), new Object());
        long weight = controller.inFlight();

        // Servlet containers wrap a forwarded request; a framework that does not passes the same one, marked FORWARD.
        MockHttpServletRequest wrapped = request("/ctx/api/y", true);
        wrapped.setDispatcherType(DispatcherType.FORWARD);
        assertThat(interceptor.preHandle(wrapped, new MockHttpServletResponse(), new Object())).isTrue();
        interceptor.afterCompletion(wrapped, new MockHttpServletResponse(), new Object(), null);
        request.setDispatcherType(DispatcherType.FORWARD);
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isEqualTo(weight);

        request.setDispatcherType(DispatcherType.REQUEST);
        interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isZero();
    }

    @Test
    void aRequestHandledInsideAnotherOnTheSameThreadCarriesItsOwnTicket() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");
        MockHttpServletRequest outer = request("/ctx/api/outer", true);
        MockHttpServletRequest inner = request("/ctx/api/inner", true);

        interceptor.preHandle(outer, new MockHttpServletResponse(), new Object());
        long outerWeight = controller.inFlight();
        interceptor.preHandle(inner, new MockHttpServletResponse(), new Object());
        assertThat(controller.inFlight()).isGreaterThan(outerWeight);
        assertThat(Collections.list(inner.getAttributeNames())).hasSize(Collections.list(outer.getAttributeNames())
                .size() + 1);

        interceptor.afterCompletion(inner, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isEqualTo(outerWeight);
        interceptor.afterCompletion(outer, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isZero();
    }

    @Test
    void anAsynchronousRequestIsCompletedOnceByAnotherThreadAndFreesItsThreadForTheNext() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");
        MockHttpServletRequest request = request("/ctx/api/async", true);
        interceptor.preHandle(request, new MockHttpServletResponse(), new Object());
        interceptor.afterConcurrentHandlingStarted(request, new MockHttpServletResponse(), new Object());
        long weight = controller.inFlight();
        assertThat(weight).isPositive();

        // The thread takes its next request while the first is still in flight.
        MockHttpServletRequest next = request("/ctx/api/next", true);
        List<String> nextAttributes = Collections.list(next.getAttributeNames());
        interceptor.preHandle(next, new MockHttpServletResponse(), new Object());
        assertThat(Collections.list(next.getAttributeNames())).isEqualTo(nextAttributes);
        interceptor.afterCompletion(next, new MockHttpServletResponse(), new Object(), null);
        assertThat(controller.inFlight()).isEqualTo(weight);

        request.setDispatcherType(DispatcherType.ASYNC);
        CompletableFuture.runAsync(() -> {
            interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
            interceptor.afterCompletion(request, new MockHttpServletResponse(), new Object(), null);
        }).get(10, TimeUnit.SECONDS);
        assertThat(controller.inFlight()).isZero();
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aRequestOnAVirtualThreadCarriesItsOwnTicket() throws Exception {
        AdmissionInterceptor interceptor = excluding("/open/**");
        MockHttpServletRequest request = request("/ctx/api/x", true);
        int attributesBefore = Collections.list(request.getAttributeNames()).size();
        Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        ExecutorService virtualThreads = (ExecutorService) factory.invoke(null);
        try {
            virtualThreads.submit(() -> {
                interceptor.preHandle(request, new MockHttpServletResponse(), new Object());
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertThat(controller.inFlight()).isPositive();
            assertThat(Collections.list(request.getAttributeNames())).hasSize(attributesBefore + 1);
            virtualThreads.submit(() -> interceptor.afterCompletion(request, new MockHttpServletResponse(),
                    new Object(), null)).get(10, TimeUnit.SECONDS);
        }
        finally {
            virtualThreads.shutdown();
        }
        assertThat(controller.inFlight()).isZero();
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
