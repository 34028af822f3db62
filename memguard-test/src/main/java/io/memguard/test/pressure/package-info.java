/**
 * A pressure monitor whose level and snapshot tests set by hand.
 */
@NullMarked
package io.memguard.test.pressure;

import org.jspecify.annotations.NullMarked;
