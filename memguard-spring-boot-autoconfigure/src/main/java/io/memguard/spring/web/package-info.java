/**
 * What memguard adds to the request path of Spring MVC and WebFlux: the load-shedding filters, the admission
 * interceptor and web filter, the paths they never refuse ({@link io.memguard.spring.web.ExcludedPaths} and its
 * contributors), and the 503 answer they send (problem JSON or HTML).
 */
@NullMarked
package io.memguard.spring.web;

import org.jspecify.annotations.NullMarked;
