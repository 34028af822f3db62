/**
 * The Spring application events memguard publishes, and the publishers that bridge each of core's listeners to
 * them (or to Boot's availability states).
 */
@NullMarked
package io.memguard.spring.event;

import org.jspecify.annotations.NullMarked;
