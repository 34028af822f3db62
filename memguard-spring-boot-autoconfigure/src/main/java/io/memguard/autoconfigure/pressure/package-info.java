/**
 * Auto-configuration around the pressure monitor: events, logging and the JVM's own settings.
 */
@NullMarked
package io.memguard.autoconfigure.pressure;

import org.jspecify.annotations.NullMarked;
