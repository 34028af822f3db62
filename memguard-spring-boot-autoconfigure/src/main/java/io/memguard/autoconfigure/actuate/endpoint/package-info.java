/**
 * Auto-configuration of the {@code memory} actuator endpoint ({@link io.memguard.spring.actuate.MemoryEndpoint}).
 */
@NullMarked
package io.memguard.autoconfigure.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
