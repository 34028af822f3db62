package io.memguard.sample.buffers;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;

/**
 * A pool of SHA-256 digests, built through memguard's registry so that it takes the
 * {@code memguard.object-pool.*} defaults and shows up in {@code /actuator/memory/objects} and the metrics.
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
@ConditionalOnMemguardEnabled
@Configuration(proxyBeanMethods = false)
public class DigestPoolConfiguration {

    @Bean
    ObjectPool<MessageDigest> sha256Digests(ObjectPoolRegistry pools) {
        return pools.builder("sha256-digests", DigestPoolConfiguration::sha256).reset(MessageDigest::reset).build();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }
}
