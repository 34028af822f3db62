/**
 * Auto-configuration of the {@code memory} health contributor
 * ({@link io.memguard.spring.actuate.MemoryHealthIndicator}).
 */
@NullMarked
package io.memguard.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
