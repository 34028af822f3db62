package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EvictionBatchTests {

    @Test
    void aBatchIsImmutableAndSumsItsBytes() {
        List<QuotaEntrySnapshot> entries = new ArrayList<>(List.of(
                new QuotaEntrySnapshot("s", 1, "default", 100, 0, 0, 0),
                new QuotaEntrySnapshot("t", 2, "default", 50, 0, 0, 0)));
        EvictionBatch batch = new EvictionBatch(EvictionReason.GLOBAL_SOFT, entries);
        entries.clear();

        assertThat(batch.entries()).hasSize(2);
        assertThat(batch.bytes()).isEqualTo(150);
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> batch.entries().clear());
    }
}
