package io.memguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RouteCostsTests {

    private final RouteCosts costs = new RouteCosts(2, 0.5, 1000, 4.0);

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
    void wrongArgumentsAreRefusedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RouteCosts(0, 0.5, 1, 1))
                .withMessageContaining("maxRoutes");
        assertThatIllegalArgumentException().isThrownBy(() -> new RouteCosts(1, 0, 1, 1))
                .withMessageContaining("smoothing");
        assertThatIllegalArgumentException().isThrownBy(() -> new RouteCosts(1, 0.5, 0, 1))
                .withMessageContaining("defaultCost");
        assertThatIllegalArgumentException().isThrownBy(() -> new RouteCosts(1, 0.5, 1, 0.5))
                .withMessageContaining("bodyFactor");
    }
}
