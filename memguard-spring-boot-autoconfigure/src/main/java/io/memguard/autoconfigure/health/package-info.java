/**
 * The memory health contributor.
 */
@NullMarked
package io.memguard.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
