package io.memguard.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Auto-configuration of the memguard memory pressure monitor: the root every other memguard
 * auto-configuration is ordered after.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnMemguardEnabled
public final class MemguardAutoConfiguration {
}
