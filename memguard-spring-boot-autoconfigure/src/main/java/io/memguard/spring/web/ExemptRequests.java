package io.memguard.spring.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.util.function.SingletonSupplier;

/**
 * The requests memguard's web guards (load shedding, admission) never refuse: those to the excluded paths, and
 * every request to the actuator's own server when it has one ({@code management.server.port}).
 *
 * @since 0.2.0
 */
public final class ExemptRequests {

    private final Supplier<ExcludedPaths> excludedPaths;

    private final boolean managementServerSeparate;

    /**
     * @param excludedPaths            paths never refused on the application's server, asked for at each decision
     *                                 (memoize it; it may be resolved on first use)
     * @param managementServerSeparate whether the actuator has a server of its own, every request to which is exempt
     */
    public ExemptRequests(Supplier<ExcludedPaths> excludedPaths, boolean managementServerSeparate) {
        this.excludedPaths = excludedPaths;
        this.managementServerSeparate = managementServerSeparate;
    }

    /**
     * The configured patterns and those of every {@link ExcludedPathsContributor}, resolved at the first call and
     * kept: the web server creates the filters before the actuator's endpoints, whose paths the contributors read,
     * exist.
     *
     * @param configured   the patterns of the feature's {@code excluded-paths} property
     * @param contributors the contributors, in order
     * @return the excluded paths, resolved once
     */
    public static Supplier<ExcludedPaths> resolvedOnFirstUse(List<String> configured,
            ObjectProvider<ExcludedPathsContributor> contributors) {
        return SingletonSupplier.of(() -> {
            List<String> patterns = new ArrayList<>(configured);
            contributors.orderedStream().forEach((contributor) -> patterns.addAll(contributor.excludedPaths()));
            return ExcludedPaths.of(patterns);
        });
    }

    /**
     * Whether a request is exempt.
     *
     * <p>The server is read from the request by a function rather than a {@link Supplier} of it, so that a caller
     * passes a method reference that captures nothing and the check allocates nothing.
     *
     * @param <R>     the type of the request
     * @param path    the path within the application
     * @param request the request, handed to {@code server}
     * @param server  the context of the server a request arrived through ({@code null} if unknown), asked for only
     *                when the actuator has a server of its own
     * @return {@code true} for the excluded paths and the actuator's own server
     */
    public <R> boolean isExempt(PathContainer path, R request,
            Function<? super R, @Nullable ApplicationContext> server) {
        return excludedPaths.get().matches(path)
                || (managementServerSeparate && ManagementServer.serves(server.apply(request)));
    }

    /**
     * The excluded paths.
     *
     * @return the excluded paths, resolved now if they had not been
     */
    public ExcludedPaths excludedPaths() {
        return excludedPaths.get();
    }
}
