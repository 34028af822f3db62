/**
 * Helpers shared by memguard's own packages; not API, and free to change in any release. They are public only
 * because the packages that share them are different packages: no application should use them. The API check
 * (japicmp, profile {@code api-check} of the parent POM) leaves this package out, and {@code docs/versioning.md}
 * lists the API packages.
 */
@NullMarked
package io.memguard.internal;

import org.jspecify.annotations.NullMarked;
