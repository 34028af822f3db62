/**
 * Auto-configuration of the pressure meters ({@link io.memguard.spring.metrics.MemoryPressureMetrics}); each feature
 * binds its own meters from its own auto-configuration.
 */
@NullMarked
package io.memguard.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
