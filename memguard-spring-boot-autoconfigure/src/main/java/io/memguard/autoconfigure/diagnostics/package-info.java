/**
 * Auto-configuration of leak detection, recommendations and alerts.
 */
@NullMarked
package io.memguard.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
