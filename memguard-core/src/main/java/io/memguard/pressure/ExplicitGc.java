package io.memguard.pressure;

/**
 * {@code System.gc()} behind a seam, so that tests count hints instead of collecting.
 */
interface ExplicitGc {

    /**
     * Whether the JVM ignores explicit collections ({@code -XX:+DisableExplicitGC}).
     *
     * @return {@code true} if {@link #request()} would do nothing
     */
    boolean isDisabled();

    /** Asks the JVM for a collection. */
    void request();
}
