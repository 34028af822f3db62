package io.memguard.autoconfigure.actuate.endpoint;

/**
 * A section with fixed content, standing for the section of another memguard feature.
 *
 * @param name    the section's name
 * @param content what {@link #describe()} returns
 */
record FixedMemoryEndpointSection(String name, Object content) implements MemoryEndpointSection {

    @Override
    public Object describe() {
        return content;
    }
}
