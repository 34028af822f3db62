/**
 * Protective actions: load shedding, low-memory mode, readiness and the adaptive concurrency limit.
 */
@NullMarked
package io.memguard.protect;

import org.jspecify.annotations.NullMarked;
