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
    void unknownPhasesAreRefused() {
        for (String bad : new String[]{"broker+0exec", "broker", "2exec", "broker+1exec ", ""}) {
            assertThatThrownBy(() -> ClusterScenario.nodesOf(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
