package io.tributary.admin.docs;

import io.tributary.admin.AdminJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/grafana/tributary-dashboard.json} imports into Grafana with a Prometheus data
 * source and only queries metrics Tributary exports ({@code docs/metrics-names.txt}), so the
 * dashboard cannot drift from the metric names silently.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "tributary-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:tributary|netty|jvm|process)_[a-z0-9_]+)\\b");

    private final JsonNode dashboard = AdminJson.MAPPER.readTree(DASHBOARD.toFile());

    @Test
    void everyMetricItQueriesIsAKnownMetricName() {
        KnownMetricNames known = KnownMetricNames.load();
        Set<String> used = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).as("metrics used").isNotEmpty();
        assertThat(used).allSatisfy(name -> assertThat(known.known(name))
                .as(name + " is not in " + KnownMetricNames.FILE).isTrue());
        // what operators look for first
        assertThat(used).contains("tributary_mqtt_messages_received_total", "tributary_mqtt_messages_sent_total",
                "tributary_mqtt_connections", "tributary_mqtt_puback_latency_seconds_bucket",
                "tributary_mqtt_messages_dropped_total", "tributary_integration_delivered_total",
                "tributary_integration_failed_total", "tributary_integration_queued_messages",
                "tributary_integration_held_publishers", "tributary_integration_backpressure_since_seconds",
                "tributary_integration_delivery_latency_seconds_bucket", "tributary_integration_state");
    }

    @Test
    void itImportsWithAPrometheusDataSourceInput() {
        assertThat(dashboard.get("schemaVersion").asInt()).isBetween(36, 41);
        JsonNode input = dashboard.at("/__inputs/0");
        assertThat(input.get("name").asString()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.get("pluginId").asString()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id " + panel.get("id")).isTrue();
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asString()).as(panel.get("title").asString())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (JsonNode t : panel.get("targets")) {
                assertThat(t.at("/datasource/uid").asString()).isEqualTo("${DS_PROMETHEUS}");
            }
        }
    }

    /** PromQL of every target and of the template variables. */
    private List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode t : panel.path("targets")) {
                out.add(t.get("expr").asString());
            }
        }
        for (JsonNode v : dashboard.at("/templating/list")) {
            out.add(v.path("definition").asString(""));
        }
        return out;
    }
}
