package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.memguard.spring.actuate.QuotaEndpointSection.QuotasDescriptor;
import io.memguard.spring.actuate.QuotaEndpointSection.StreamDescriptor;
import io.memguard.spring.actuate.QuotaEndpointSection.ThresholdsDescriptor;
import io.memguard.quota.QuotaController;
import org.junit.jupiter.api.Test;

class QuotaEndpointSectionTests {

    @Test
    void theSectionShowsGlobalUsageAndTheLargestStreamsFirst() {
        QuotaController controller = QuotaController.builder().globalLimit(10_000).defaultStreamLimit(5_000)
                .components("frames", "metadata").backgroundExecutor(Runnable::run).build();
        controller.stream("a").allocate("frames", 100);
        controller.stream("b").allocate("metadata", 3_000);
        controller.stream("c").admit("chunk", "frames", 2_000, 0, (entry, reason) -> {
        });
        controller.stream("c").allocate("metadata", 10);
        controller.stream("d").allocate("frames", 5);
        QuotaEndpointSection section = new QuotaEndpointSection(controller, 2);

        QuotasDescriptor descriptor = section.describe();

        assertThat(section.name()).isEqualTo("quotas");
        assertThat(descriptor.usedBytes()).isEqualTo(5_115);
        assertThat(descriptor.limitBytes()).isEqualTo(10_000);
        assertThat(descriptor.usageRatio()).isEqualTo(0.5115);
        assertThat(descriptor.state()).isEqualTo("normal");
        assertThat(descriptor.thresholds()).isEqualTo(new ThresholdsDescriptor(8_000, 9_500, 9_800));
        assertThat(descriptor.streams()).isEqualTo(4);
        assertThat(descriptor.allocatedBytes()).isEqualTo(5_115);
        assertThat(descriptor.evictions()).containsKeys("stream-limit", "global-soft", "global-hard",
                "pressure-high", "pressure-critical", "stream-closed");
        assertThat(descriptor.rejections()).containsExactly(Map.entry("stream", 0L), Map.entry("global", 0L));
        assertThat(descriptor.topStreams()).containsExactly(
                new StreamDescriptor("b", 3_000, 5_000, Map.of("frames", 0L, "metadata", 3_000L), 0, 0, 0),
                new StreamDescriptor("c", 2_010, 5_000, Map.of("frames", 2_000L, "metadata", 10L), 1, 0, 0));
    }
}
