package io.memguard.sample.contenders;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * The {@code concurrency-limit} profile: turns on Spring Framework's resilient methods, which makes the
 * {@code @ConcurrencyLimit} on {@code POST /api/ingest} take effect, with the limit
 * {@code sample.ingest.concurrency-limit} (calls over it wait for a free slot, the annotation's default policy).
 * Without this profile the annotation is inert.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Profile("concurrency-limit")
@EnableResilientMethods
public class ConcurrencyLimitContender {
}
