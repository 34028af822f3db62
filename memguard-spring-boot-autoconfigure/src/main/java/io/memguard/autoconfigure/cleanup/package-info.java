/**
 * Auto-configuration of TTL cleanup and cache shrinking.
 */
@NullMarked
package io.memguard.autoconfigure.cleanup;

import org.jspecify.annotations.NullMarked;
