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
    void marginalCpuIsBusyMinusIdlePerMessage() {
        java.util.Map<String, Object> usage = new java.util.LinkedHashMap<>();
        usage.put("coresBusy", java.util.Map.of("broker", 0.50, "exec1", 0.30, "kafka", 0.40));
        usage.put("tributary", java.util.Map.of(
                "broker", java.util.Map.of("kinds", java.util.Map.of("application", 0.40)),
                "exec1", java.util.Map.of("kinds", java.util.Map.of("application", 0.25))));
        java.util.Map<String, Object> idle = new java.util.LinkedHashMap<>();
        idle.put("coresBusy", java.util.Map.of("broker", 0.10, "exec1", 0.10, "kafka", 0.05));
        idle.put("tributary", java.util.Map.of(
                "broker", java.util.Map.of("kinds", java.util.Map.of("application", 0.05)),
                "exec1", java.util.Map.of("kinds", java.util.Map.of("application", 0.05))));
        io.tributary.bench.load.LoadResult r = result(5000, new java.util.HashMap<>(java.util.Map.of("usage", usage)));

        java.util.Map<String, Double> m = ClusterScenario.marginalCpuPer1000(r, idle, java.util.List.of("broker", "exec1"));

        // (0.5 - 0.1) cores at 5000/s = 80 µs per message = 80 ms per 1000
        assertThat(m.get("broker")).isEqualTo(80.0);
        assertThat(m.get("exec1")).isEqualTo(40.0);
        assertThat(m.get("kafka")).isEqualTo(70.0);
        assertThat(m.get("tributary")).isEqualTo(120.0);
        assertThat(m.get("tributaryApplicationThreads")).isEqualTo(110.0);
        assertThat(ClusterScenario.marginalCpuPer1000(r, null, java.util.List.of("broker"))).isEmpty();
    }

    private static io.tributary.bench.load.LoadResult result(double outPerSec, java.util.Map<String, Object> extra) {
        return new io.tributary.bench.load.LoadResult("t", 8, 1, 1, 64, 5000, outPerSec, outPerSec, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 0, 0, 0, 0, java.util.List.of(), java.util.List.of(), java.util.List.of(), 0, "",
                extra, null, null);
    }

    @Test
    void unknownPhasesAreRefused() {
        for (String bad : new String[]{"broker+0exec", "broker", "2exec", "broker+1exec ", ""}) {
            assertThatThrownBy(() -> ClusterScenario.nodesOf(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
