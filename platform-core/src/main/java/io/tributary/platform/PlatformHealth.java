package io.tributary.platform;

import io.tributary.health.HealthReport;
import io.tributary.health.HealthReport.Check;
import io.tributary.health.HealthReport.FailedIntegration;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.runtime.StatusView;

import java.util.ArrayList;
import java.util.List;

/**
 * Readiness of a {@link Platform}: started (and not stopping), MQTT listeners bound, storage open,
 * plugins loaded, integrations opened. Read on each probe from the platform's own state; nothing
 * is cached, so a stop shows at once.
 */
final class PlatformHealth {
    private final Platform platform;

    PlatformHealth(Platform platform) {
        this.platform = platform;
    }

    HealthReport ready() {
        List<Check> checks = new ArrayList<>();
        Platform.Phase phase = platform.phase();
        checks.add(new Check("startup", phase == Platform.Phase.STARTED, phase.name().toLowerCase()));
        var broker = platform.broker();
        boolean listening = broker != null && broker.listening();
        checks.add(new Check("mqtt", listening, listening ? "listeners bound" : "listeners not bound"));
        var database = platform.database();
        List<FailedIntegration> failed = new ArrayList<>();
        String storageProblem = database == null ? "not open" : database.isOpen() ? null : "closed";
        boolean integrationsOpen = platform.integrationsOpened();
        if (storageProblem == null && integrationsOpen) {
            try {
                failed = failedIntegrations();
            } catch (RuntimeException e) {
                storageProblem = "integrations cannot be read: " + e.getMessage();
            }
        }
        checks.add(new Check("storage", storageProblem == null, storageProblem == null ? "open" : storageProblem));
        boolean plugins = platform.pluginsLoaded();
        checks.add(new Check("plugins", plugins, plugins
                ? platform.plugins().plugins().size() + " plugin(s) loaded" : "not loaded"));
        checks.add(new Check("integrations", integrationsOpen, integrationsOpen
                ? failed.isEmpty() ? "opened" : "opened; " + failed.size() + " not running (see failedIntegrations)"
                : "not opened"));
        return HealthReport.of(checks, failed);
    }

    private List<FailedIntegration> failedIntegrations() {
        List<FailedIntegration> failed = new ArrayList<>();
        for (IntegrationDefinition d : platform.integrations().list()) {
            StatusView s = platform.runtime().status(d.id());
            if (s.status() == IntegrationStatus.FAILED
                    || (s.status() == IntegrationStatus.PENDING && s.reason() != null)) {
                failed.add(new FailedIntegration(d.id(), d.name(), d.type(), s.status().name(), s.reason()));
            }
        }
        return failed;
    }
}
