package io.memguard.pressure;

/**
 * Makes the collector run a young collection without {@code System.gc()}, for JVMs that disable explicit collections:
 * the fallback of the live-set measurement. A seam, so that tests count provocations instead of allocating.
 */
interface YoungCollectionProvoker {

    /** The provoker of a JVM where a provoked young collection teaches the level nothing: never available. */
    YoungCollectionProvoker NONE = new YoungCollectionProvoker() {

        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public boolean provoke() {
            return false;
        }
    };

    /**
     * Whether a provoked young collection is worth its cost on this JVM.
     *
     * @return {@code true} if {@link #provoke()} may be called
     */
    boolean isAvailable();

    /**
     * Allocates short-lived garbage until a collection happens or a budget of bytes or time runs out.
     *
     * @return {@code true} if a collection was seen
     */
    boolean provoke();
}
