package io.memguard.spring.web;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Whether the actuator runs on a server of its own ({@code management.server.port}), and whether a request arrived
 * through it. Boot serves that port from a child context in the {@code management} namespace; a filter of the
 * application's context may see its requests too (WebFlux collects filters from parent contexts), so the filters
 * ask which server a request came through.
 *
 * @since 0.2.0
 */
public final class ManagementServer {

    private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType",
            ManagementServer.class.getClassLoader());

    private ManagementServer() {
    }

    /**
     * Whether the actuator has a server of its own.
     *
     * @param environment where {@code management.server.port} and {@code server.port} are read
     * @return {@code true} if the actuator is present and its port differs from the application's
     */
    public static boolean runsSeparately(Environment environment) {
        return ACTUATOR_PRESENT && ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
    }

    /**
     * Whether a request arrived through the actuator's own server; call only when {@link #runsSeparately} holds.
     *
     * @param server the context of the server the request arrived through, or {@code null} if unknown
     * @return {@code true} if that context is the management server's
     */
    public static boolean serves(@Nullable ApplicationContext server) {
        return server != null && WebServerNamespace.from(server).equals(WebServerNamespace.MANAGEMENT);
    }
}
