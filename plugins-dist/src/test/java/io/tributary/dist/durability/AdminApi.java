package io.tributary.dist.durability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin REST API of a running installation, as the admin user. */
final class AdminApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    AdminApi(int port, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Creates an integration; returns its id. */
    String createIntegration(String name, String type, String topicFilter, Map<String, Object> clientConfiguration) {
        Map<String, Object> body = Map.of("name", name, "type", type, "configuration", Map.of(
                "topicFilters", java.util.List.of(topicFilter),
                "clientConfiguration", clientConfiguration,
                "metadata", Map.of()));
        HttpResponse<String> r = send("POST", "/api/integrations", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body()).get("id").asString();
    }

    /** A source integration (it publishes into the broker, so it has no topic filters). */
    String createSource(String name, String type, Map<String, Object> clientConfiguration) {
        Map<String, Object> body = Map.of("name", name, "type", type, "configuration", Map.of(
                "clientConfiguration", clientConfiguration,
                "metadata", Map.of()));
        HttpResponse<String> r = send("POST", "/api/integrations", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body()).get("id").asString();
    }

    JsonNode integration(String id) {
        HttpResponse<String> r = send("GET", "/api/integrations/" + id, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The integration's {@code statistics} object. */
    JsonNode statistics(String id) {
        return integration(id).get("statistics");
    }

    /** The integration's {@code status.status}: ACTIVE, DISABLED, FAILED, ... */
    String status(String id) {
        return integration(id).get("status").get("status").asString();
    }

    /** {@code POST /api/integrations/{id}/enable|disable|restart}. */
    void lifecycle(String id, String action) {
        HttpResponse<String> r = send("POST", "/api/integrations/" + id + "/" + action, "");
        assertThat(r.statusCode()).as("%s: %s", action, r.body()).isBetween(200, 204);
    }

    JsonNode plugins() {
        HttpResponse<String> r = send("GET", "/api/plugins", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** {@code GET path} answered 200, as JSON. */
    JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** {@code POST path} with {@code body} as JSON, answered 200 or 201; the answer as JSON. */
    JsonNode post(String path, Map<String, Object> body) {
        HttpResponse<String> r = send("POST", path, JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    /** {@code GET /api/cluster}: every node as this one reads them from the shared store. */
    JsonNode cluster() {
        return get("/api/cluster");
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
