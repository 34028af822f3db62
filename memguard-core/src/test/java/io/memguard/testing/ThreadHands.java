package io.memguard.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * What each thread of a Lincheck test holds from a pool, by Lincheck's thread id, registered in a {@link HolderMap}.
 * A thread gives back only what it holds itself, so that the test's own bookkeeping is never shared between threads
 * and cannot make the checked calls look unordered.
 *
 * @param <T> the type of pooled object
 */
public final class ThreadHands<T> {

    private final HolderMap<T> holders = new HolderMap<>();

    private final List<Deque<T>> hands = new ArrayList<>();

    /**
     * Hands for a test's threads.
     *
     * @param threads the test's parallel threads; two more hands serve the calls run before and after them
     */
    public ThreadHands(int threads) {
        for (int i = 0; i < threads + 2; i++) {
            hands.add(new ArrayDeque<>());
        }
    }

    /**
     * Keeps an object a pool just handed to {@code thread}.
     *
     * @param thread Lincheck's id of the thread
     * @param object the object handed out
     * @throws AssertionError if another holder holds it
     */
    public void keep(int thread, T object) {
        holders.handedOut(object, System.identityHashCode(object));
        hands.get(thread).push(object);
    }

    /**
     * Gives back the object {@code thread} got last, if it holds one.
     *
     * @param thread   Lincheck's id of the thread
     * @param giveBack gives the object back to the pool
     * @return whether the thread held an object to give back
     */
    public boolean giveBackLast(int thread, Consumer<? super T> giveBack) {
        T object = hands.get(thread).poll();
        if (object == null) {
            return false;
        }
        holders.givingBack(object, System.identityHashCode(object));
        giveBack.accept(object);
        return true;
    }

    /** @return how many objects all hands hold */
    public int held() {
        return holders.held();
    }

    /**
     * Empties every hand, giving each object back.
     *
     * @param giveBack gives one object back to the pool
     */
    public void giveBackAll(Consumer<? super T> giveBack) {
        for (int thread = 0; thread < hands.size(); thread++) {
            while (giveBackLast(thread, giveBack)) {
                // one object given back per turn
            }
        }
    }
}
