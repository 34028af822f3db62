/**
 * Micrometer meters for memguard's parts.
 */
@NullMarked
package io.memguard.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
