package io.memguard.spring.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.core.env.Environment;

/**
 * The actuator's paths on the application's own server, where the actuator really is: its base path
 * ({@code management.endpoints.web.base-path}) when it shares the application's port, each endpoint's path when
 * that base path is the root, nothing when it runs on a port of its own ({@code management.server.port}, where
 * {@link RequestShedding} spares the whole management server), and in every case the additional paths endpoints
 * declare on the application's server, such as the liveness and readiness probes at {@code /livez} and
 * {@code /readyz}. Read from the actuator's own {@link PathMappedEndpoints}, so path mappings count too.
 *
 * @since 0.2.0
 */
public final class ActuatorExcludedPaths implements ExcludedPathsContributor {

    private final ManagementPortType portType;

    private final PathMappedEndpoints endpoints;

    /**
     * @param portType  where the actuator is served
     * @param endpoints the actuator's web endpoints and their base path
     */
    public ActuatorExcludedPaths(ManagementPortType portType, PathMappedEndpoints endpoints) {
        this.portType = portType;
        this.endpoints = endpoints;
    }

    /**
     * The contributor of the actuator's paths, or of none where the actuator has no web endpoints.
     *
     * @param environment the environment, which says where the actuator is served
     * @param endpoints   the actuator's web endpoints, if any
     * @return the contributor
     */
    public static ExcludedPathsContributor of(Environment environment, ObjectProvider<PathMappedEndpoints> endpoints) {
        PathMappedEndpoints webEndpoints = endpoints.getIfAvailable();
        return (webEndpoints != null) ? new ActuatorExcludedPaths(ManagementPortType.get(environment), webEndpoints)
                : List::of;
    }

    @Override
    public List<String> excludedPaths() {
        List<String> patterns = new ArrayList<>();
        if (portType == ManagementPortType.SAME) {
            String basePath = endpoints.getBasePath();
            if (basePath.isEmpty()) {
                endpoints.getAllPaths().forEach((path) -> patterns.add(andBelow(path)));
            }
            else {
                patterns.add(andBelow(basePath));
            }
        }
        for (PathMappedEndpoint endpoint : endpoints) {
            endpoint.getAdditionalPaths(WebServerNamespace.SERVER).forEach((path) -> patterns.add(andBelow(path)));
        }
        return patterns;
    }

    private static String andBelow(String path) {
        return path.endsWith("/") ? path + "**" : path + "/**";
    }
}
