/**
 * What memguard shows through the actuator: the {@code memory} endpoint and its web extension, the sections
 * other features contribute to it and the descriptor records of its JSON, the observations behind its
 * recommendations section, and the {@code memory} health indicator.
 */
@NullMarked
package io.memguard.spring.actuate;

import org.jspecify.annotations.NullMarked;
