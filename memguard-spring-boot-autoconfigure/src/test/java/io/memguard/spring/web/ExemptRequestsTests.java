package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.server.PathContainer;

class ExemptRequestsTests {

    @Test
    void theConfiguredAndContributedPathsAreResolvedOnceAtFirstUse() {
        AtomicInteger asked = new AtomicInteger();
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("actuator", (ExcludedPathsContributor) () -> {
            asked.incrementAndGet();
            return List.of("/actuator/**");
        });
        Supplier<ExcludedPaths> paths = ExemptRequests.resolvedOnFirstUse(List.of("/api/ping"),
                beans.getBeanProvider(ExcludedPathsContributor.class));
        assertThat(asked).hasValue(0);

        ExemptRequests exempt = new ExemptRequests(paths, false);

        assertThat(exempt.isExempt(PathContainer.parsePath("/api/ping"), "request", (request) -> null)).isTrue();
        assertThat(exempt.isExempt(PathContainer.parsePath("/actuator/health"), "request", (request) -> null)).isTrue();
        assertThat(exempt.isExempt(PathContainer.parsePath("/api/orders"), "request", (request) -> null)).isFalse();
        assertThat(asked).hasValue(1);
    }

    @Test
    void theServerIsAskedForOnlyWhenTheActuatorHasItsOwn() {
        AtomicInteger asked = new AtomicInteger();
        ExemptRequests shared = new ExemptRequests(() -> ExcludedPaths.of(List.of()), false);
        ExemptRequests separate = new ExemptRequests(() -> ExcludedPaths.of(List.of()), true);

        assertThat(shared.isExempt(PathContainer.parsePath("/api/orders"), "request", (request) -> {
            asked.incrementAndGet();
            return null;
        })).isFalse();
        assertThat(asked).hasValue(0);
        assertThat(separate.isExempt(PathContainer.parsePath("/api/orders"), "request", (request) -> {
            assertThat(request).isEqualTo("request");
            asked.incrementAndGet();
            return null;
        })).isFalse();
        assertThat(asked).hasValue(1);
    }
}
