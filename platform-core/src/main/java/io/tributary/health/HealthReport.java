package io.tributary.health;

import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The answer of {@code GET /health/ready}: ready when every check is up. Failed integrations are
 * listed for the operator but do not make the node unready (one broken destination must not take
 * the broker out of a load balancer).
 *
 * @param ready              every check is up
 * @param checks             each check in a fixed order: startup, mqtt, storage, plugins, integrations
 * @param failedIntegrations integrations that are FAILED, or PENDING a retry after a failure
 */
public record HealthReport(boolean ready, List<Check> checks, List<FailedIntegration> failedIntegrations) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The body of {@code GET /health/live}. */
    public static final String LIVE_JSON = "{\"status\":\"UP\"}";

    /**
     * One readiness check.
     *
     * @param name   what is checked
     * @param up     whether it passes
     * @param detail what was found, for a human
     */
    public record Check(String name, boolean up, String detail) {
        public String status() {
            return up ? "UP" : "DOWN";
        }
    }

    /**
     * An integration that does not run.
     *
     * @param state  FAILED or PENDING
     * @param reason why, as the runtime reports it
     */
    public record FailedIntegration(String id, String name, String type, String state, String reason) {
    }

    public static HealthReport of(List<Check> checks, List<FailedIntegration> failed) {
        return new HealthReport(checks.stream().allMatch(Check::up), List.copyOf(checks), List.copyOf(failed));
    }

    /** 200 when ready, else 503. */
    public int httpStatus() {
        return ready ? 200 : 503;
    }

    /** {@code {"status":"UP","checks":[{"name":..,"status":..,"detail":..}],"failedIntegrations":[..]}}. */
    public String toJson() {
        return JSON.writeValueAsString(new Body(ready ? "UP" : "DOWN",
                checks.stream().map(c -> new CheckJson(c.name(), c.status(), c.detail())).toList(),
                failedIntegrations));
    }

    private record CheckJson(String name, String status, String detail) {
    }

    private record Body(String status, List<CheckJson> checks, List<FailedIntegration> failedIntegrations) {
    }
}
