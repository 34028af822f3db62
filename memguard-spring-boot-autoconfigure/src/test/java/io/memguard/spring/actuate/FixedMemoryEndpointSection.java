package io.memguard.spring.actuate;

/**
 * A section with fixed content, standing for the section of another memguard feature.
 *
 * @param name    the section's name
 * @param content what {@link #describe()} returns
 */
public record FixedMemoryEndpointSection(String name, Object content) implements MemoryEndpointSection {

    @Override
    public Object describe() {
        return content;
    }
}
