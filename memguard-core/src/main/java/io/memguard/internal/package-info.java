/**
 * Helpers shared by memguard's own packages; not API, and free to change in any release.
 */
@NullMarked
package io.memguard.internal;

import org.jspecify.annotations.NullMarked;
