package io.memguard.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * An index from an object, by identity, to the record a pool keeps about it: how a pool recognises, without
 * allocating and without a lock, that a buffer or an object handed back to it is one of its own.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * <h2>Algorithm</h2>
 * Open addressing with linear probing over a power-of-two array, keyed by the identity hash of the key, which
 * each record keeps (the key itself may be gone, for a record that refers to its key weakly).
 * <ul>
 * <li>Readers ({@link #find}) take no lock and write nothing: they read the current array once and probe it
 * with acquire loads until they meet the record or an empty cell.</li>
 * <li>Writers ({@link #add}, {@link #remove}) are rare (a pool adds a record when it creates a buffer or an
 * object and removes it when it lets that go) and take a lock among themselves. A removed record's cell
 * becomes a tombstone and never empty again, so a probe chain that a reader is following is never cut.</li>
 * <li>When records plus tombstones fill half the array, a writer copies the live records into a new array and
 * publishes it. A reader still probing the old array sees every record added before the copy, which is all it
 * needs: a caller only looks up a key it received from the pool, whose record was added before the key was
 * handed out. A record removed after the copy may still be found in the old array; callers therefore check
 * the record's own state, as they must anyway.</li>
 * </ul>
 *
 * @param <E> the type of record
 * @since 0.1.0
 */
public final class IdentityIndex<E extends IdentityIndex.Entry> {

    /**
     * A record kept in an {@link IdentityIndex}.
     *
     * @since 0.1.0
     */
    public interface Entry {

        /**
         * Whether this record is the one about {@code key}, by identity.
         *
         * @param key the object looked up
         * @return {@code true} if this record refers to exactly that object
         */
        boolean isFor(Object key);

        /**
         * The identity hash of this record's key, as computed by {@link IdentityIndex#hash(Object)} when the
         * record was made.
         *
         * @return the key's hash
         */
        int keyHash();
    }

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(Entry[].class);

    private static final Entry TOMBSTONE = new Entry() {
        @Override
        public boolean isFor(Object key) {
            return false;
        }

        @Override
        public int keyHash() {
            return 0;
        }
    };

    private static final int MIN_CAPACITY = 16;

    private final Object writeLock = new Object();

    private volatile Entry[] cells = new Entry[MIN_CAPACITY];

    private volatile int live;

    private int tombstones;

    /**
     * The hash a record must report from {@link Entry#keyHash()} for {@code key}.
     *
     * @param key the key
     * @return its identity hash
     */
    public static int hash(Object key) {
        return System.identityHashCode(key);
    }

    /**
     * Finds the record about {@code key}. Lock-free and allocation-free.
     *
     * @param key the object to look up
     * @return its record, or {@code null} if this index has none
     */
    @SuppressWarnings("unchecked")
    public @Nullable E find(Object key) {
        Entry[] table = cells;
        int mask = table.length - 1;
        int i = spread(hash(key)) & mask;
        for (;;) {
            Entry entry = (Entry) CELLS.getAcquire(table, i);
            if (entry == null) {
                return null;
            }
            if (entry != TOMBSTONE && entry.isFor(key)) {
                return (E) entry;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Adds a record. The caller guarantees that no other record for the same key is present.
     *
     * @param entry the record
     */
    public void add(E entry) {
        synchronized (writeLock) {
            Entry[] table = cells;
            if ((live + tombstones + 1) * 2 > table.length) {
                table = rebuild(table, live + 1);
            }
            int mask = table.length - 1;
            int i = spread(entry.keyHash()) & mask;
            for (;;) {
                Entry cell = table[i];
                if (cell == null || cell == TOMBSTONE) {
                    if (cell == TOMBSTONE) {
                        tombstones--;
                    }
                    CELLS.setRelease(table, i, entry);
                    live++;
                    return;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /**
     * Removes a record, if present.
     *
     * @param entry the record
     * @return {@code true} if it was present
     */
    public boolean remove(E entry) {
        synchronized (writeLock) {
            Entry[] table = cells;
            int mask = table.length - 1;
            int i = spread(entry.keyHash()) & mask;
            for (;;) {
                Entry cell = table[i];
                if (cell == null) {
                    return false;
                }
                if (cell == entry) {
                    CELLS.setRelease(table, i, TOMBSTONE);
                    live--;
                    tombstones++;
                    if (table.length > MIN_CAPACITY * 4 && live * 16 < table.length) {
                        rebuild(table, live);
                    }
                    return true;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /**
     * Calls {@code action} for each record present when the call started (a record added or removed meanwhile
     * may or may not be seen).
     *
     * @param action what to do with each record
     */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super E> action) {
        Entry[] table = cells;
        for (int i = 0; i < table.length; i++) {
            Entry entry = (Entry) CELLS.getAcquire(table, i);
            if (entry != null && entry != TOMBSTONE) {
                action.accept((E) entry);
            }
        }
    }

    /**
     * The number of records.
     *
     * @return how many records this index holds
     */
    public int size() {
        return live;
    }

    private Entry[] rebuild(Entry[] old, int expected) {
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, expected) * 4 - 1) << 1);
        Entry[] table = new Entry[capacity];
        int mask = capacity - 1;
        for (Entry entry : old) {
            if (entry != null && entry != TOMBSTONE) {
                int i = spread(entry.keyHash()) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = entry;
            }
        }
        tombstones = 0;
        cells = table;
        return table;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
