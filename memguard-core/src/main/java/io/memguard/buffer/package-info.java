/**
 * Pooled heap and direct byte buffers, sized in classes and trimmed under pressure.
 */
@NullMarked
package io.memguard.buffer;

import org.jspecify.annotations.NullMarked;
