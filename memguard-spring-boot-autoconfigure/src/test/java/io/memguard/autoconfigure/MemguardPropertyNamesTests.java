package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemguardPropertyNamesTests {

    private final MemguardPropertyNames names = MemguardPropertyNames
            .fromMetadata(MemguardPropertyNamesTests.class.getClassLoader());

    @Test
    void readsEveryMemguardPropertyOfTheMetadataAndNoOther() {
        assertThat(names.properties()).hasSizeGreaterThan(100).contains("memguard.enabled",
                "memguard.pressure.thresholds.high", "memguard.quota.global-limit")
                .allSatisfy((name) -> assertThat(name).startsWith("memguard."));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(MemguardPropertyNames.editDistance("hihg", "high")).isEqualTo(2);
        assertThat(MemguardPropertyNames.editDistance("presure", "pressure")).isEqualTo(1);
        assertThat(MemguardPropertyNames.editDistance("", "abc")).isEqualTo(3);
        assertThat(MemguardPropertyNames.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(MemguardPropertyNames.editDistance("same", "same")).isZero();
    }

    @Test
    void suggestsTheNearestPropertyThenTheNearestGroupThenNothing() {
        assertThat(names.nearest("memguard.pressure.thresholds.hihg")).hasValue("memguard.pressure.thresholds.high");
        assertThat(names.nearest("memguard.presure.interval")).hasValue("memguard.pressure.interval");
        assertThat(names.nearest("memguard.presure.x")).hasValue("memguard.pressure.*");
        assertThat(names.nearest("memguard.zzzzzzzzzzzz")).isEmpty();
    }
}
