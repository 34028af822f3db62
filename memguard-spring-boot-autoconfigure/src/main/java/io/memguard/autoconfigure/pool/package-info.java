/**
 * Auto-configuration of object pools.
 */
@NullMarked
package io.memguard.autoconfigure.pool;

import org.jspecify.annotations.NullMarked;
