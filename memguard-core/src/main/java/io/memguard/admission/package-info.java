/**
 * Memory-aware admission: a limit on in-flight work driven by memory headroom, route costs and priorities.
 */
@NullMarked
package io.memguard.admission;

import org.jspecify.annotations.NullMarked;
