/**
 * Per-stream memory quotas under global thresholds, with eviction and rejection.
 */
@NullMarked
package io.memguard.quota;

import org.jspecify.annotations.NullMarked;
