package io.memguard.pressure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * Run in a forked JVM by {@link ProvokedYoungCollectionForkedTests}: drops humongous arrays, then provokes a young
 * collection and prints what it did to G1's old generation.
 */
public final class ProvokedYoungCollectionMain {

    /** Keeps the humongous arrays reachable until they are dropped on purpose. */
    static Object[] held;

    private ProvokedYoungCollectionMain() {
    }

    /**
     * Prints {@code available=... collected=... oldBefore=... oldAfter=...}.
     *
     * @param args the humongous array count and size in bytes
     */
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("G1 Old Gen")).findFirst().orElseThrow();
        // Created first, so that loading its classes (and the logging's) does not happen between the two readings.
        YoungCollectionProvoker provoker = G1YoungCollectionProvoker.forRunningJvm();
        held = new Object[count];
        for (int i = 0; i < count; i++) {
            held[i] = new byte[size];
        }
        held = null;
        long before = old.getUsage().getUsed();
        boolean collected = provoker.provoke();
        long after = old.getUsage().getUsed();
        System.out.println("available=" + provoker.isAvailable() + " collected=" + collected + " oldBefore=" + before
                + " oldAfter=" + after);
    }
}
