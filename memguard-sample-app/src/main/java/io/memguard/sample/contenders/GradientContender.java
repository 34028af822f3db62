package io.memguard.sample.contenders;

import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code gradient} profile: every {@code /api/*} request passes a {@link GradientLimitFilter} whose limit
 * adapts to latency (Netflix concurrency-limits' Gradient2), starting at {@code sample.gradient.initial-limit}
 * and never above {@code sample.gradient.max-concurrency}.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Profile("gradient")
public class GradientContender {

    @Bean
    FilterRegistrationBean<GradientLimitFilter> gradientLimitFilter(
            @Value("${sample.gradient.initial-limit}") int initialLimit,
            @Value("${sample.gradient.max-concurrency}") int maxConcurrency) {
        if (initialLimit < 1 || maxConcurrency < initialLimit) {
            throw new IllegalArgumentException("sample.gradient.initial-limit (" + initialLimit
                    + ") must be at least 1 and at most sample.gradient.max-concurrency (" + maxConcurrency + ")");
        }
        SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder()
            .limit(Gradient2Limit.newBuilder().initialLimit(initialLimit).maxConcurrency(maxConcurrency).build())
            .build();
        FilterRegistrationBean<GradientLimitFilter> registration = new FilterRegistrationBean<>(
                new GradientLimitFilter(limiter));
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
