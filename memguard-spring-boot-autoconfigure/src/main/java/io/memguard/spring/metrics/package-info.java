/**
 * The Micrometer meter binders, one per memguard feature. Each only registers meters (a dotted lowercase name, a
 * description and a base unit) that read the feature's state.
 */
@NullMarked
package io.memguard.spring.metrics;

import org.jspecify.annotations.NullMarked;
