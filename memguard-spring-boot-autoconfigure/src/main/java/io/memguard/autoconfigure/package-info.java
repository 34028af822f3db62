/**
 * Auto-configuration of memguard's pressure monitor and the properties shared by every feature.
 */
@NullMarked
package io.memguard.autoconfigure;

import org.jspecify.annotations.NullMarked;
