/**
 * Leak detection, recommendations and alerts drawn from what the other parts observe.
 */
@NullMarked
package io.memguard.diagnostics;

import org.jspecify.annotations.NullMarked;
