package io.memguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RouteCostsTests {

    private final RouteCosts costs = RouteCosts.builder().maxRoutes(2).smoothing(0.5).defaultCost(1000).bodyFactor(4.0)
            .build();

    @Test
    void anUnseenRouteIsWeighedByItsAnnouncedBodyOrTheDefault() {
        RouteCosts.Route route = costs.route("/import");
        assertThat(costs.expectedCost(route, 8 << 20)).isEqualTo(32L << 20);
        assertThat(costs.expectedCost(route, -1)).isEqualTo(1000);
    }

    @Test
    void aMeasuredRouteIsWeighedByItsSmoothedCostOrALargerAnnouncedBody() {
        RouteCosts.Route route = costs.route("/items/{id}");
        costs.record(route, 4000);
        assertThat(costs.expectedCost(route, -1)).isEqualTo(4000);
        costs.record(route, 8000);
        assertThat(costs.expectedCost(route, -1)).as("halfway to the new measurement").isEqualTo(6000);
        assertThat(costs.expectedCost(route, 10_000)).isEqualTo(40_000);
        costs.record(route, -1);
        assertThat(route.count()).as("an unmeasured request changes nothing").isEqualTo(2);
    }

    @Test
    void routesBeyondTheBoundShareOther() {
        RouteCosts.Route a = costs.route("/a");
        RouteCosts.Route b = costs.route("/b");
        RouteCosts.Route c = costs.route("/c");
        assertThat(costs.route("/a")).isSameAs(a);
        assertThat(c.name()).isEqualTo(RouteCosts.OTHER);
        assertThat(costs.route(null)).isSameAs(c);
        costs.record(a, 10);
        costs.record(b, 30);
        costs.record(c, 20);
        assertThat(costs.routes()).extracting(RouteCosts.Route::name).containsExactly("/b", RouteCosts.OTHER, "/a");
    }

    @Test
    void theBuilderDefaultsAreTheDocumentedOnes() {
        RouteCosts defaults = RouteCosts.builder().build();
        assertThat(defaults.maxRoutes()).isEqualTo(50);
        assertThat(defaults.expectedCost(defaults.route("/a"), -1)).as("default cost").isEqualTo(64 * 1024);
        assertThat(defaults.expectedCost(defaults.route("/a"), 1000)).as("body factor").isEqualTo(4000);
        RouteCosts.Route route = defaults.route("/b");
        defaults.record(route, 1000);
        defaults.record(route, 2000);
        assertThat(route.averageBytes()).as("smoothing 0.2").isEqualTo(1200);
    }

    @Test
    void wrongArgumentsAreRefusedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> RouteCosts.builder().maxRoutes(0))
                .withMessageContaining("maxRoutes");
        assertThatIllegalArgumentException().isThrownBy(() -> RouteCosts.builder().smoothing(0))
                .withMessageContaining("smoothing");
        assertThatIllegalArgumentException().isThrownBy(() -> RouteCosts.builder().defaultCost(0))
                .withMessageContaining("defaultCost");
        assertThatIllegalArgumentException().isThrownBy(() -> RouteCosts.builder().bodyFactor(0.5))
                .withMessageContaining("bodyFactor");
    }
}
