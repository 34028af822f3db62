package io.memguard.spring.actuate;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * The body of {@code /actuator/memory}: the level, the signal that drives it, every signal's reading, the details
 * behind the signals, and the sections contributed by other memguard features, each under its own name.
 * Whatever this machine does not provide is left out.
 *
 * @param level         the current pressure level
 * @param drivingSignal the id of the signal that sets the level, such as {@code heap-after-gc}
 * @param projected     {@code true} when the level was raised by the driving signal's projected growth (it is
 *                      expected to cross the level's threshold within {@code memguard.pressure.lead-time}); absent
 *                      otherwise
 * @param timestamp     when the observation was made
 * @param lowMemoryMode whether low-memory mode is on, or {@code null} where low-memory mode is off
 * @param signals       every signal this machine provides, keyed by signal id
 * @param heap          the heap now and after the last collection
 * @param direct        direct buffer memory
 * @param gc            collections, allocation and the GC hint
 * @param container     the process's cgroup memory, where it has a limit
 * @param system        host memory
 * @param psi           Linux pressure stall information for memory
 * @param sections      the sections contributed by other features, by name
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryDescriptor(MemoryPressureLevel level, @Nullable String drivingSignal,
        @Nullable Boolean projected, Instant timestamp, @Nullable Boolean lowMemoryMode,
        Map<String, SignalDescriptor> signals, @Nullable HeapDescriptor heap, @Nullable DirectDescriptor direct,
        GcDescriptor gc, @Nullable ContainerDescriptor container, @Nullable SystemDescriptor system,
        @Nullable PsiDescriptor psi,
        @JsonIgnore Map<String, Object> sections) {

    /**
     * The contributed sections, written at the top level of the JSON next to the built-in ones.
     *
     * @return the sections by name
     */
    @JsonAnyGetter
    public Map<String, Object> sections() {
        return sections;
    }
}
