/**
 * Auto-configuration of memory-aware admission for servlet and WebFlux applications.
 */
@NullMarked
package io.memguard.autoconfigure.admission;

import org.jspecify.annotations.NullMarked;
