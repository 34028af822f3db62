/**
 * Bounded ring buffers with overflow policies, watermarks and capacity shrunk under pressure.
 */
@NullMarked
package io.memguard.ringbuffer;

import org.jspecify.annotations.NullMarked;
