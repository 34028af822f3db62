/**
 * Off-heap segments mapped from files, where the running JDK offers them.
 */
@NullMarked
package io.memguard.mapped;

import org.jspecify.annotations.NullMarked;
