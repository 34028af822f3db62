package io.memguard.spring.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.memguard.admission.AdmissionController.Priority;

/**
 * The admission priority of a Spring MVC handler method, or of every handler method of a controller class (the
 * method's own annotation wins). Under memory pressure, {@link Priority#LOW} requests are refused first.
 *
 * <pre>{@code
 * @PostMapping("/imports")
 * @AdmissionPriority(Priority.LOW)
 * ImportResult importAll(@RequestBody ...) { ... }
 * }</pre>
 *
 * <p>A priority header ({@code memguard.admission.priority.header}) on the request takes precedence; the path
 * properties ({@code memguard.admission.priority.low-paths} and {@code high-paths}) apply where neither says. WebFlux
 * admits before the handler is known, so there only the header and the paths count.
 *
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AdmissionPriority {

    /**
     * The priority.
     *
     * @return the priority of the annotated handlers
     */
    Priority value();
}
