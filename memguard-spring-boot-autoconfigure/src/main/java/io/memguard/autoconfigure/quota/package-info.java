/**
 * Auto-configuration of stream quotas.
 */
@NullMarked
package io.memguard.autoconfigure.quota;

import org.jspecify.annotations.NullMarked;
