package io.memguard.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * Tells virtual threads apart on the JDKs that have them (21 and later) while memguard compiles for 17: pools keep
 * no per-thread cache for a virtual thread, which may number in the millions and live for one task.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class VirtualThreads {

    private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

    private VirtualThreads() {
    }

    /**
     * Whether {@code thread} is a virtual thread.
     *
     * @param thread a thread
     * @return {@code true} for a virtual thread; always {@code false} before JDK 21
     */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        }
        catch (Throwable ex) {
            return false;
        }
    }

    private static @Nullable MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        }
        catch (ReflectiveOperationException ex) {
            return null;
        }
    }
}
