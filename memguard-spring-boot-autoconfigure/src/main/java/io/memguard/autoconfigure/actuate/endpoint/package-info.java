/**
 * The {@code memory} actuator endpoint and the sections it shows.
 */
@NullMarked
package io.memguard.autoconfigure.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
