package io.tributary.admin;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what the service asks of the runtime, and answers status like the real one would.
 * The real runtime has its own end-to-end tests; here only the service's decisions matter.
 */
public final class FakeRuntime implements IntegrationRuntime {
    /** Statistics reported for a deployed integration. */
    public static final StatisticsSnapshot STATS = new StatisticsSnapshot(10, 8, 2, 0, 1, 0, 0, 0, 8);

    private final List<String> calls = new ArrayList<>();
    private final Map<String, StatusView> status = new HashMap<>();
    private final Map<String, Config> configs = new HashMap<>();
    private final Map<String, IntegrationDefinition> definitions = new HashMap<>();

    @Override
    public synchronized void deploy(IntegrationDefinition definition, InstalledType type, Config config) {
        calls.add("deploy " + definition.id());
        status.put(definition.id(), new StatusView(IntegrationStatus.ACTIVE, null, true, null));
        configs.put(definition.id(), config);
        definitions.put(definition.id(), definition);
    }

    @Override
    public synchronized void undeploy(String integrationId, String reason) {
        calls.add("undeploy " + integrationId + " " + reason);
        status.remove(integrationId);
        configs.remove(integrationId);
        definitions.remove(integrationId);
    }

    @Override
    public synchronized void markFailed(String integrationId, String reason) {
        calls.add("markFailed " + integrationId + " " + reason);
        status.put(integrationId, new StatusView(IntegrationStatus.FAILED, reason, null, null));
    }

    @Override
    public synchronized StatusView status(String integrationId) {
        return status.getOrDefault(integrationId, StatusView.DISABLED);
    }

    @Override
    public synchronized StatisticsSnapshot statistics(String integrationId) {
        return configs.containsKey(integrationId) ? STATS : StatisticsSnapshot.EMPTY;
    }

    /** Every call so far, e.g. {@code "deploy <id>"}, {@code "undeploy <id> deleted"}. */
    public synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** The config the running instance got (secrets in clear), or {@code null} when not deployed. */
    public synchronized Config config(String id) {
        return configs.get(id);
    }

    /** The definition the running instance got, or {@code null}. */
    public synchronized IntegrationDefinition definition(String id) {
        return definitions.get(id);
    }
}
