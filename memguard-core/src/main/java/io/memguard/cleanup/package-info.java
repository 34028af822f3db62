/**
 * Expiry of entries by time to live, and shrinking of caches, run on a schedule and under pressure.
 */
@NullMarked
package io.memguard.cleanup;

import org.jspecify.annotations.NullMarked;
