package io.memguard.sample.overload;

import java.util.ArrayList;
import java.util.List;

/**
 * One way to run the same sample jar under overload: a name of the proof and the Spring arguments that select it.
 * The static limits' values live in their {@code application-<profile>.yml} (chosen by the sweep); a sweep
 * candidate adds overrides.
 *
 * @param name      as written to the summary
 * @param arguments Spring arguments, such as {@code --spring.profiles.active=gradient}
 */
record Contender(String name, List<String> arguments) {

    static final Contender UNGUARDED = profile("unguarded");

    static final Contender TOMCAT_THREADS = profile("tomcat-threads");

    static final Contender CONCURRENCY_LIMIT = profile("concurrency-limit");

    static final Contender GRADIENT = profile("gradient");

    /** memguard as the sample configures it, untuned for this load. */
    static final Contender MEMGUARD = new Contender("memguard", List.of());

    /**
     * memguard with admission off: its load shedding alone, large bodies shared from HIGH and every request refused at
     * CRITICAL. Not one of the proof's contenders; run on request ({@code -Doverload.contenders=shedding-only}).
     */
    static final Contender SHEDDING_ONLY = new Contender("shedding-only", List.of("--memguard.admission.enabled=false"));

    /**
     * memguard with admission off and large bodies left alone until CRITICAL: nothing is refused below CRITICAL and
     * everything at it, memguard 0.1's way of shedding on today's level. Not one of the proof's contenders; run on
     * request ({@code -Doverload.contenders=all-or-nothing}) for the oscillation comparison of the admitted
     * rate.
     */
    static final Contender ALL_OR_NOTHING = new Contender("all-or-nothing",
            List.of("--memguard.admission.enabled=false", "--memguard.shedding.large-request-level=CRITICAL"));

    /** Every contender a run may name. */
    static final List<Contender> ALL = List.of(UNGUARDED, TOMCAT_THREADS, CONCURRENCY_LIMIT, GRADIENT, MEMGUARD,
            SHEDDING_ONLY, ALL_OR_NOTHING);

    private static Contender profile(String name) {
        return new Contender(name, List.of("--spring.profiles.active=" + name));
    }

    static Contender named(String name) {
        return ALL.stream().filter(contender -> contender.name.equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No contender named '" + name + "'; one of "
                    + ALL.stream().map(Contender::name).toList()));
    }

    /** This contender with more Spring arguments, such as {@code --server.tomcat.threads.max=8}. */
    Contender with(List<String> overrides) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(overrides);
        return new Contender(name, List.copyOf(all));
    }
}
