/**
 * Auto-configuration of ring buffers.
 */
@NullMarked
package io.memguard.autoconfigure.ringbuffer;

import org.jspecify.annotations.NullMarked;
