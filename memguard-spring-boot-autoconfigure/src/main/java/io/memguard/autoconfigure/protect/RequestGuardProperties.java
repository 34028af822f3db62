package io.memguard.autoconfigure.protect;

import java.util.ArrayList;
import java.util.List;

/**
 * What every memguard feature that refuses web requests (load shedding, admission) lets a user set alike: the paths
 * it never refuses. Each feature's properties class extends it under its own prefix.
 *
 * @since 0.2.0
 */
public abstract class RequestGuardProperties {

    /**
     * Path patterns never refused, matched against the path within the application (PathPattern syntax, such as
     * /api/ping or /public/{file}). Added to what is always spared: the actuator at its base path (or its whole
     * server when it has its own port), the health probes' additional paths, and the static resources.
     */
    private List<String> excludedPaths = new ArrayList<>();

    public List<String> getExcludedPaths() {
        return excludedPaths;
    }

    public void setExcludedPaths(List<String> excludedPaths) {
        this.excludedPaths = excludedPaths;
    }
}
