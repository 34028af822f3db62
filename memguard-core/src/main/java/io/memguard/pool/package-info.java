/**
 * Pools of reusable objects, bounded and shrunk under pressure.
 */
@NullMarked
package io.memguard.pool;

import org.jspecify.annotations.NullMarked;
