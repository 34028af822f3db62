package io.memguard.pressure;

/**
 * The JVM's {@code System.gc()}, aware of {@code -XX:+DisableExplicitGC}.
 */
final class JvmExplicitGc implements ExplicitGc {

    private final boolean disabled;

    JvmExplicitGc() {
        this.disabled = "true".equals(VmOptions.value("DisableExplicitGC"));
    }

    @Override
    public boolean isDisabled() {
        return disabled;
    }

    @Override
    @SuppressWarnings("java:S1215") // The whole point of the GC hint.
    public void request() {
        System.gc();
    }
}
