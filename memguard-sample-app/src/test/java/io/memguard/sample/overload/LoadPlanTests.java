package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadPlanTests {

    private final LoadPlan plan = new LoadPlan(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5),
            50, 100, 0.2, 0.4, 100, 8, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void rampsFromAFifthOfThePlateauThenHoldsItThenBurstsThenStops() {
        assertThat(plan.rateAt(0)).isEqualTo(10);
        assertThat(plan.rateAt(5)).isCloseTo(30, within(1e-9));
        assertThat(plan.rateAt(10)).isEqualTo(50);
        assertThat(plan.rateAt(29.9)).isEqualTo(50);
        assertThat(plan.rateAt(30)).isEqualTo(100);
        assertThat(plan.rateAt(35)).isZero();
        assertThat(plan.loadDuration()).isEqualTo(Duration.ofSeconds(35));
        assertThat(plan.onPlateau(9.9)).isFalse();
        assertThat(plan.onPlateau(10)).isTrue();
        assertThat(plan.onPlateau(30)).isFalse();
    }

    @Test
    void sharesMustAddUpToAtMostOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LoadPlan(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 1, 0.7, 0.4, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .withMessageContaining("ingestShare 0.7 and catalogShare 0.4");
    }
}
