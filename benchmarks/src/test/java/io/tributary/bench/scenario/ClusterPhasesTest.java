package io.tributary.bench.scenario;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPhasesTest {
    @Test
    void singleIsOneNodeWithBothRoles() {
        assertThat(ClusterScenario.nodesOf("single")).singleElement().satisfies(n -> {
            assertThat(n.roles()).isNull();
            assertThat(n.broker()).isTrue();
            assertThat(n.executor()).isTrue();
        });
    }

    @Test
    void brokerPlusTwoExecutorsIsThreeNodesBrokerFirst() {
        assertThat(ClusterScenario.nodesOf("broker+2exec")).containsExactly(
                new ClusterScenario.Node("broker", "broker"),
                new ClusterScenario.Node("exec1", "executor"),
                new ClusterScenario.Node("exec2", "executor"));
        assertThat(ClusterScenario.nodesOf("broker+1exec").get(0).executor()).isFalse();
        assertThat(ClusterScenario.nodesOf("broker+1exec").get(1).broker()).isFalse();
    }

    @Test
    void secondsBehindIsTheWidestGapBetweenSentAndReceivedSoFar() {
        // 1000/s sent; the receivers fall 600 then 1500 behind, then catch up
        assertThat(ClusterScenario.secondsBehind(java.util.List.of(1000L, 1000L, 1000L, 1000L, 0L),
                java.util.List.of(400L, 1000L, 100L, 2000L, 1500L), 1000)).isEqualTo(1.5);
        assertThat(ClusterScenario.secondsBehind(java.util.List.of(500L, 500L), java.util.List.of(500L, 500L), 500))
                .isZero();
        // more series entries on one side than the other: the missing ones count as 0
        assertThat(ClusterScenario.secondsBehind(java.util.List.of(100L), java.util.List.of(0L, 100L), 100))
                .isEqualTo(1.0);
    }

    @Test
    void unknownPhasesAreRefused() {
        for (String bad : new String[]{"broker+0exec", "broker", "2exec", "broker+1exec ", ""}) {
            assertThatThrownBy(() -> ClusterScenario.nodesOf(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
