package io.tributary.admin;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records what the service asks of the runtime, and answers status like the real one would.
 * The real runtime has its own end-to-end tests; here only the service's decisions matter.
 * Opening a log is not a call worth recording (every integration has one): see {@link #isOpen}.
 */
public final class FakeRuntime implements IntegrationRuntime {
    /**
     * Statistics reported for a deployed integration (nothing queued, so deleting needs no
     * confirmation; one publish of three publishers held).
     */
    public static final StatisticsSnapshot STATS = new StatisticsSnapshot(10, 8, 2, 0, 1, 0, 0, 0, 8, 4096, 3, 5, 1,
            1_723_800_000_000L, 3);

    private final List<String> calls = new ArrayList<>();
    private final Set<String> open = new HashSet<>();
    private final Map<String, StatusView> status = new HashMap<>();
    private final Map<String, Config> configs = new HashMap<>();
    private final Map<String, IntegrationDefinition> definitions = new HashMap<>();

    @Override
    public synchronized void open(IntegrationDefinition definition) {
        open.add(definition.id());
    }

    @Override
    public synchronized void deploy(IntegrationDefinition definition, InstalledType type, Config config) {
        open.add(definition.id());
        calls.add("deploy " + definition.id());
        status.put(definition.id(), new StatusView(IntegrationStatus.ACTIVE, null, true, null));
        configs.put(definition.id(), config);
        definitions.put(definition.id(), definition);
    }

    @Override
    public synchronized void stop(String integrationId, String reason) {
        calls.add("stop " + integrationId + " " + reason);
        status.remove(integrationId);
        configs.remove(integrationId);
        definitions.remove(integrationId);
    }

    @Override
    public synchronized void markFailed(IntegrationDefinition definition, String reason) {
        open.add(definition.id());
        calls.add("markFailed " + definition.id() + " " + reason);
        status.put(definition.id(), new StatusView(IntegrationStatus.FAILED, reason, null, null));
    }

    @Override
    public synchronized long delete(String integrationId) {
        calls.add("delete " + integrationId);
        open.remove(integrationId);
        status.remove(integrationId);
        configs.remove(integrationId);
        definitions.remove(integrationId);
        return 0;
    }

    @Override
    public synchronized boolean requeue(String integrationId, BrokerMessage message) {
        calls.add("requeue " + integrationId + " " + message.topic());
        return open.contains(integrationId);
    }

    @Override
    public synchronized StatusView status(String integrationId) {
        return status.getOrDefault(integrationId, StatusView.DISABLED);
    }

    @Override
    public synchronized StatisticsSnapshot statistics(String integrationId) {
        return configs.containsKey(integrationId) ? STATS : StatisticsSnapshot.EMPTY;
    }

    /** Every call so far, e.g. {@code "deploy <id>"}, {@code "stop <id> disabled"}, {@code "delete <id>"}. */
    public synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** Whether the integration's log is open (created, and not deleted since). */
    public synchronized boolean isOpen(String id) {
        return open.contains(id);
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
