/**
 * Auto-configuration of memguard's pressure monitor and the properties shared by every feature. Each feature has a
 * package of its own below this one, holding only its auto-configurations, its properties and the beans that join
 * its parts; what runs in the application (filters, the endpoint, meter binders, events) lives in
 * {@code io.memguard.spring.*}.
 */
@NullMarked
package io.memguard.autoconfigure;

import org.jspecify.annotations.NullMarked;
