package io.memguard.spring.actuate;

/**
 * A part of {@code /actuator/memory} contributed by one memguard feature, also served alone at
 * {@code /actuator/memory/{name}}.
 *
 * <p>Each feature's auto-configuration declares one bean of this type; the endpoint collects them all, so
 * that a feature can be added without the endpoint knowing of it. memguard's own sections, and the observations the
 * {@code recommendations} section reads, are {@code @Lazy} beans: they are made with the endpoint, so that an
 * application that does not expose it pays for none of them at start-up.
 *
 * @since 0.1.0
 */
public interface MemoryEndpointSection {

    /**
     * The section's name: its key in {@code /actuator/memory} and its path segment, such as {@code buffers}.
     *
     * @return a kebab-case name, unique among sections
     */
    String name();

    /**
     * The section's content now, as a descriptor (a record) that serializes to JSON.
     *
     * @return the current content of this section
     */
    Object describe();
}
