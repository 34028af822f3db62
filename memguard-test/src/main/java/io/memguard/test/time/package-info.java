/**
 * Clocks and tickers that tests move by hand.
 */
@NullMarked
package io.memguard.test.time;

import org.jspecify.annotations.NullMarked;
