package io.memguard.spring.actuate;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.memguard.pressure.ContainerLimitChange;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code memory} actuator endpoint: {@code /actuator/memory} shows the pressure level, every signal and the
 * details behind them, and every section other memguard features contribute; {@code /actuator/memory/{section}}
 * shows one of them. Over HTTP, {@link MemoryEndpointWebExtension} adds forcing low-memory mode.
 *
 * <p>Access is read-only by default, whatever the exposure: forcing low-memory mode changes how the whole service
 * behaves, so that write operation exists only once the user grants it with
 * {@code management.endpoint.memory.access=unrestricted}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "memory", defaultAccess = Access.READ_ONLY)
public class MemoryEndpoint {

    /** The built-in sections, each read from one snapshot; contributed sections may not reuse these names. */
    private static final Map<String, Function<Observation, Object>> BUILT_IN_SECTIONS = builtInSections();

    private static final Set<String> RESERVED_NAMES = Set.of("level", "drivingSignal", "projected", "timestamp",
            "lowMemoryMode");

    private final MemoryPressureMonitor monitor;

    private final Map<String, MemoryEndpointSection> sections;

    private final @Nullable LowMemoryModeController lowMemoryMode;

    /**
     * Creates the endpoint without low-memory mode.
     *
     * @param monitor  the monitor to show
     * @param sections the sections contributed by other features; names must be unique and must not be one of
     *                 the built-in section names
     * @throws IllegalStateException if two sections share a name or a section takes a built-in name
     */
    public MemoryEndpoint(MemoryPressureMonitor monitor, Collection<? extends MemoryEndpointSection> sections) {
        this(monitor, sections, null);
    }

    /**
     * Creates the endpoint.
     *
     * @param monitor       the monitor to show
     * @param sections      the sections contributed by other features; names must be unique and must not be one of
     *                      the built-in section names
     * @param lowMemoryMode reads low-memory mode, or {@code null} when low-memory mode is off
     * @throws IllegalStateException if two sections share a name or a section takes a built-in name
     */
    public MemoryEndpoint(MemoryPressureMonitor monitor, Collection<? extends MemoryEndpointSection> sections,
            @Nullable LowMemoryModeController lowMemoryMode) {
        this.monitor = monitor;
        this.sections = byName(sections);
        this.lowMemoryMode = lowMemoryMode;
    }

    /**
     * Everything at once.
     *
     * @return the level, the signals, the built-in sections and every contributed section
     */
    @ReadOperation
    public MemoryDescriptor memory() {
        Observation observation = observe();
        MemorySnapshot snapshot = observation.snapshot();
        Map<String, Object> contributed = new LinkedHashMap<>();
        sections.forEach((name, section) -> contributed.put(name, section.describe()));
        return new MemoryDescriptor(snapshot.level(),
                (snapshot.drivingSignal() != null) ? snapshot.drivingSignal().id() : null,
                snapshot.projected() ? Boolean.TRUE : null, snapshot.timestamp(),
                (lowMemoryMode != null) ? lowMemoryMode.state().active() : null,
                signals(snapshot), HeapDescriptor.of(snapshot.heap()), DirectDescriptor.of(snapshot.direct()),
                GcDescriptor.of(snapshot.gc(), observation.gcHint()), ContainerDescriptor.of(snapshot.container(),
                        observation.limitChange()),
                SystemDescriptor.of(snapshot.system()), PsiDescriptor.of(snapshot.psi()),
                Collections.unmodifiableMap(contributed));
    }

    /**
     * One section: {@code signals}, {@code heap}, {@code direct}, {@code gc}, {@code container}, {@code system},
     * {@code psi}, or the name of a contributed section.
     *
     * @param section the section's name
     * @return the section, or {@code null} (HTTP 404) if there is no such section or this machine does not provide
     *         it
     */
    @ReadOperation
    public @Nullable Object section(@Selector String section) {
        Function<Observation, Object> builtIn = BUILT_IN_SECTIONS.get(section);
        if (builtIn != null) {
            return builtIn.apply(observe());
        }
        MemoryEndpointSection contributed = sections.get(section);
        return (contributed != null) ? contributed.describe() : null;
    }

    private Observation observe() {
        if (monitor instanceof DefaultMemoryPressureMonitor defaultMonitor) {
            return new Observation(monitor.snapshot(), defaultMonitor.gcHintSnapshot(),
                    defaultMonitor.lastContainerLimitChange().orElse(null));
        }
        return new Observation(monitor.snapshot(), null, null);
    }

    private static Map<String, SignalDescriptor> signals(MemorySnapshot snapshot) {
        Map<String, SignalDescriptor> signals = new LinkedHashMap<>();
        snapshot.signals().forEach((signal, reading) -> signals.put(signal.id(), SignalDescriptor.of(reading)));
        return Collections.unmodifiableMap(signals);
    }

    private static Map<String, Function<Observation, Object>> builtInSections() {
        Map<String, Function<Observation, Object>> sections = new LinkedHashMap<>();
        sections.put("signals", (observation) -> signals(observation.snapshot()));
        sections.put("heap", (observation) -> HeapDescriptor.of(observation.snapshot().heap()));
        sections.put("direct", (observation) -> DirectDescriptor.of(observation.snapshot().direct()));
        sections.put("gc", (observation) -> GcDescriptor.of(observation.snapshot().gc(), observation.gcHint()));
        sections.put("container", (observation) -> ContainerDescriptor.of(observation.snapshot().container(),
                observation.limitChange()));
        sections.put("system", (observation) -> SystemDescriptor.of(observation.snapshot().system()));
        sections.put("psi", (observation) -> PsiDescriptor.of(observation.snapshot().psi()));
        return Collections.unmodifiableMap(sections);
    }

    private static Map<String, MemoryEndpointSection> byName(Collection<? extends MemoryEndpointSection> sections) {
        Map<String, MemoryEndpointSection> byName = new TreeMap<>();
        for (MemoryEndpointSection section : sections) {
            String name = section.name();
            if (BUILT_IN_SECTIONS.containsKey(name) || RESERVED_NAMES.contains(name)) {
                throw new IllegalStateException("Memory endpoint section " + section + " is named '" + name
                        + "', which /actuator/memory already uses; give it another name");
            }
            MemoryEndpointSection clash = byName.putIfAbsent(name, section);
            if (clash != null) {
                throw new IllegalStateException("Memory endpoint sections " + clash + " and " + section
                        + " are both named '" + name + "'; give each section a unique name");
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * One snapshot and the GC hint counters and last container limit change read with it, so that every section of a
     * response agrees.
     */
    private record Observation(MemorySnapshot snapshot, @Nullable GcHintSnapshot gcHint,
            @Nullable ContainerLimitChange limitChange) {
    }
}
