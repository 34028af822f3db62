/**
 * Auto-configuration of the buffer pool.
 */
@NullMarked
package io.memguard.autoconfigure.buffer;

import org.jspecify.annotations.NullMarked;
