package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class IdentityIndexTests {

    /** A record about a key, by identity. */
    record Record(Object key, int keyHash) implements IdentityIndex.Entry {

        Record(Object key) {
            this(key, IdentityIndex.hash(key));
        }

        @Override
        public boolean isFor(Object candidate) {
            return candidate == key;
        }
    }

    /** Equal to every other instance, so only identity tells them apart. */
    static final class Key {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    private final IdentityIndex<Record> index = new IdentityIndex<>();

    @Test
    void findsARecordByTheIdentityOfItsKeyNotByEquality() {
        Key key = new Key();
        Record record = new Record(key);
        index.add(record);

        assertThat(index.find(key)).isSameAs(record);
        assertThat(index.find(new Key())).isNull();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void forgetsARemovedRecordAndReportsWhetherItWasThere() {
        Key key = new Key();
        Record record = new Record(key);
        index.add(record);

        assertThat(index.remove(record)).isTrue();
        assertThat(index.remove(record)).isFalse();
        assertThat(index.find(key)).isNull();
        assertThat(index.size()).isZero();
    }

    @Test
    void growsShrinksAndKeepsEveryRecordThroughTombstones() {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Record record = new Record(new Key());
            records.add(record);
            index.add(record);
        }
        for (int i = 0; i < records.size(); i += 2) {
            index.remove(records.get(i));
        }
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            assertThat(index.find(record.key())).isSameAs(i % 2 == 0 ? null : record);
        }
        for (int i = 1; i < records.size(); i += 2) {
            index.remove(records.get(i));
        }
        assertThat(index.size()).isZero();
        for (int round = 0; round < 1000; round++) {
            Record record = new Record(new Key());
            index.add(record);
            assertThat(index.find(record.key())).isSameAs(record);
            index.remove(record);
        }
        List<Record> seen = new ArrayList<>();
        index.forEach(seen::add);
        assertThat(seen).isEmpty();
    }

    @Test
    void visitsEachRecordOnce() {
        List<Record> records = List.of(new Record(new Key()), new Record(new Key()), new Record(new Key()));
        records.forEach(index::add);
        index.remove(records.get(1));

        List<Record> seen = new ArrayList<>();
        index.forEach(seen::add);

        assertThat(seen).containsExactlyInAnyOrder(records.get(0), records.get(2));
    }

    /**
     * Readers look up stable records without a lock while writers add and remove others, through many rebuilds:
     * a reader must always find every stable record.
     */
    @Test
    void lockFreeReadersAlwaysFindStableRecordsWhileWritersChurn() throws Exception {
        List<Record> stable = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Record record = new Record(new Key());
            stable.add(record);
            index.add(record);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong misses = new AtomicLong();
        AtomicLong lookups = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            threads.add(new Thread(() -> {
                List<Record> mine = new ArrayList<>();
                for (int i = 0; i < 200_000; i++) {
                    Record record = new Record(new Key());
                    index.add(record);
                    mine.add(record);
                    if (mine.size() > 500) {
                        mine.subList(0, 400).forEach(index::remove);
                        mine.subList(0, 400).clear();
                    }
                }
                mine.forEach(index::remove);
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                while (running.get()) {
                    for (Record record : stable) {
                        lookups.incrementAndGet();
                        if (index.find(record.key()) != record) {
                            misses.incrementAndGet();
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        threads.get(0).join();
        threads.get(1).join();
        running.set(false);
        threads.get(2).join();
        threads.get(3).join();

        assertThat(lookups.get()).isPositive();
        assertThat(misses).hasValue(0);
        assertThat(index.size()).isEqualTo(stable.size());
    }
}
