package io.memguard.testing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who holds which pooled object right now, by identity, for stress tests of pools that must never hand an object
 * to two holders at once. A holder registers each object as soon as the pool hands it out and unregisters it just
 * before giving it back, so an object handed out while another holder still holds it is caught at that moment,
 * however long the other holder keeps it.
 *
 * <p>Objects are compared by identity only: two equal buffers are different objects, and the same object must
 * never be held twice.
 *
 * @param <T> the type of pooled object
 */
public final class HolderMap<T> {

    private final ConcurrentHashMap<Identity, Long> holders = new ConcurrentHashMap<>();

    private final LongAdder conflicts = new LongAdder();

    private final AtomicReference<String> firstConflict = new AtomicReference<>("no conflict");

    /**
     * Registers an object the pool just handed to {@code holder}.
     *
     * @throws AssertionError if another holder holds it
     *
     * @param object the object handed out
     * @param holder an id of this holding, unique in the test
     */
    public void handedOut(T object, long holder) {
        Long other = holders.putIfAbsent(new Identity(object), holder);
        if (other != null) {
            conflict("handed to holder " + holder + " while holder " + other + " held it: " + describe(object));
        }
    }

    /**
     * Unregisters an object its holder is about to give back.
     *
     * @throws AssertionError if {@code holder} did not hold it alone
     *
     * @param object the object given back
     * @param holder the id it was registered with
     */
    public void givingBack(T object, long holder) {
        if (!holders.remove(new Identity(object), holder)) {
            conflict("given back by holder " + holder + ", which did not hold it alone: " + describe(object));
        }
    }

    /** @return how many times an object was found held by two holders */
    public long conflicts() {
        return conflicts.sum();
    }

    /** @return the first conflict found, to explain a failure */
    public String firstConflict() {
        return firstConflict.get();
    }

    /** @return how many objects are held now */
    public int held() {
        return holders.size();
    }

    /**
     * Keeps the current holding for a random while, up to {@code maxSpins} spin-wait iterations: long enough for
     * other threads to run their own borrows and returns meanwhile, and bounded whatever the machine's speed.
     *
     * @param maxSpins the most iterations to spin
     */
    public static void holdForAWhile(int maxSpins) {
        for (int i = ThreadLocalRandom.current().nextInt(maxSpins); i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    /** Counts the conflict, and fails the holder's thread with it at once, before the pool can fail otherwise. */
    private void conflict(String description) {
        conflicts.increment();
        firstConflict.compareAndSet("no conflict", description);
        throw new AssertionError("Pooled object " + description);
    }

    private static String describe(Object object) {
        return object.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(object));
    }

    /** A key equal only to a key of the very same object. */
    private record Identity(Object object) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && identity.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }
}
