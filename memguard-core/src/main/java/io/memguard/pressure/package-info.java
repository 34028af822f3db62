/**
 * The pressure model: signals read from the JVM, the container and the host, and the level they make.
 */
@NullMarked
package io.memguard.pressure;

import org.jspecify.annotations.NullMarked;
