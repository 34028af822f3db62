/**
 * Auto-configuration of load shedding, low-memory mode, readiness and the concurrency limit.
 */
@NullMarked
package io.memguard.autoconfigure.protect;

import org.jspecify.annotations.NullMarked;
