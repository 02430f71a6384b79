package io.tributary.integration;

import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCatalog;
import io.tributary.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What operators can do with integrations, and the rules that go with it: validation (all errors
 * at once, nothing saved on error), secrets never returned, lifecycle events, and keeping the
 * runtime in step with what is stored (open the log of every integration, deploy on
 * create/update/enable, stop on disable, discard on delete only, start every enabled integration
 * at platform start, start integrations whose plugin appears later).
 *
 * <p>Definitions returned by this service are the read model: secret values are replaced by
 * {@link ConfigSchemas#MASK}. With a {@link SecretBox}, secrets are stored encrypted: sealed on
 * every write, opened on every read. Mutations are serialized (admin operations are rare).
 */
public final class IntegrationService {
    /** Topic filters of an integration created without any. */
    public static final List<String> DEFAULT_TOPIC_FILTERS = List.of("tbmq/#");
    /** Time a plugin's {@code validate} has to answer before the request fails with an error on its part of the form. */
    public static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(10);
    /** Reason prefix of an integration whose plugin is not installed. */
    public static final String PLUGIN_MISSING = "plugin not installed: ";
    /** Reason prefix of an integration whose plugin an operator disabled. */
    public static final String PLUGIN_DISABLED = "plugin disabled: ";

    private static final Logger log = LoggerFactory.getLogger(IntegrationService.class);

    private final IntegrationStore repository;
    private final PluginCatalog catalog;
    private final IntegrationRuntime runtime;
    private final EventSink events;
    private final Clock clock;
    private final IntegrationValidator validator;
    /** Encrypts secrets for storage; {@code null}: stored as given (tests of other parts). */
    private final SecretBox secrets;
    /** Told when secrets were rewritten after start (a plugin appeared): drops the old bytes from the file. */
    private volatile Runnable secretsRewritten = () -> { };
    /** Enabled integrations marked FAILED because their plugin is missing: started when it appears. */
    private final Set<String> waitingForPlugin = ConcurrentHashMap.newKeySet();
    private boolean listening;

    public IntegrationService(IntegrationStore repository, PluginCatalog catalog, IntegrationRuntime runtime,
                              EventSink events) {
        this(repository, catalog, runtime, events, Clock.systemUTC(), null);
    }

    public IntegrationService(IntegrationStore repository, PluginCatalog catalog, IntegrationRuntime runtime,
                              EventSink events, SecretBox secrets) {
        this(repository, catalog, runtime, events, Clock.systemUTC(), secrets);
    }

    public IntegrationService(IntegrationStore repository, PluginCatalog catalog, IntegrationRuntime runtime,
                              EventSink events, Clock clock) {
        this(repository, catalog, runtime, events, clock, null);
    }

    /** @param secrets encrypts secrets in the store, or {@code null} to store them as given */
    public IntegrationService(IntegrationStore repository, PluginCatalog catalog, IntegrationRuntime runtime,
                              EventSink events, Clock clock, SecretBox secrets) {
        this.secrets = secrets;
        this.repository = repository;
        this.catalog = catalog;
        this.runtime = runtime;
        this.events = events;
        this.clock = clock;
        this.validator = new IntegrationValidator(repository, catalog);
    }

    /** Changes {@link #VALIDATION_TIMEOUT} (tests). */
    public void validationTimeout(Duration timeout) {
        validator.timeout(timeout);
    }

    /** Every integration, oldest first, secrets masked. */
    public List<IntegrationDefinition> list() {
        return all().stream().map(this::masked).toList();
    }

    /** @throws NotFoundException when the id is unknown */
    public IntegrationDefinition get(String id) {
        return masked(stored(id));
    }

    /**
     * Validates and stores a new integration, and starts it when enabled. The id is generated
     * unless given (a TBMQ export keeps its id); {@code createdTime} is now unless given.
     *
     * @return the stored integration, secrets masked
     * @throws ValidationException with every problem; nothing is saved
     */
    public synchronized IntegrationDefinition create(IntegrationDefinition in) {
        IntegrationValidator.Valid valid = validator.validate(in, null);
        IntegrationDefinition d = valid.definition();
        d = new IntegrationDefinition(d.id() == null ? UUID.randomUUID().toString() : d.id(), d.name(), d.type(),
                d.enabled(), d.configuration(), d.additionalInfo(), d.createdTime() > 0 ? d.createdTime() : clock.millis());
        repository.insert(sealed(d, valid.type()));
        lifecycle(d.id(), "CREATED", Map.of("name", d.name()));
        if (d.enabled()) {
            deploy(d, valid.type(), valid.config());
        } else {
            runtime.open(d);
        }
        return masked(d);
    }

    /**
     * An integration that passed every rule, for checking a connection: its definition and config
     * hold secrets in clear, so never show or log them.
     *
     * @param definition normalized definition (defaults applied, secrets resolved)
     * @param type       the installed type that will run it
     * @param config     the plugin's validated configuration
     */
    public record Validated(IntegrationDefinition definition, InstalledType type, Config config) {
    }

    /**
     * Validates as {@link #create} would, or as {@link #update} would when {@code in.id()} names a
     * stored integration (its secrets that are omitted or masked are taken from the store), and
     * saves nothing.
     *
     * @throws ValidationException with every problem
     */
    public Validated validate(IntegrationDefinition in) {
        IntegrationDefinition existing = in.id() == null ? null : repository.findById(in.id()).map(this::opened)
                .orElse(null);
        IntegrationValidator.Valid valid = validator.validate(in, existing);
        return new Validated(valid.definition(), valid.type(), valid.config());
    }

    /**
     * Replaces an integration's definition (the type cannot change; secrets that are omitted or
     * sent masked keep their stored value) and restarts it with the new configuration.
     *
     * @throws NotFoundException   when the id is unknown
     * @throws ValidationException with every problem; nothing is saved
     */
    public synchronized IntegrationDefinition update(String id, IntegrationDefinition in) {
        IntegrationDefinition existing = stored(id);
        IntegrationDefinition candidate = new IntegrationDefinition(id, in.name(), in.type(), in.enabled(),
                in.configuration(), in.additionalInfo(), existing.createdTime());
        IntegrationValidator.Valid valid = validator.validate(candidate, existing);
        IntegrationDefinition d = valid.definition();
        repository.update(sealed(d, valid.type()));
        lifecycle(id, "UPDATED", Map.of("name", d.name()));
        if (d.enabled()) {
            deploy(d, valid.type(), valid.config());
        } else {
            runtime.open(d); // new topic filters take effect while it is disabled too
            if (existing.enabled()) {
                stop(id, "disabled");
            }
        }
        return masked(d);
    }

    /**
     * Deletes the integration with everything in its log and its dead letters. An integration
     * whose log still holds messages is only deleted when the caller confirms that they are to
     * be discarded.
     *
     * @param discardQueued the operator confirmed that queued messages are discarded
     * @return the number of queued messages discarded
     * @throws NotFoundException       when the id is unknown
     * @throws QueuedMessagesException when messages are queued and {@code discardQueued} is false
     */
    public synchronized long delete(String id, boolean discardQueued) {
        IntegrationDefinition existing = stored(id);
        long queued = runtime.statistics(id).queued();
        if (queued > 0 && !discardQueued) {
            throw new QueuedMessagesException(id, queued);
        }
        waitingForPlugin.remove(id);
        long discarded = runtime.delete(id);
        repository.delete(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", existing.name());
        body.put("discardedMessages", discarded);
        lifecycle(id, "DELETED", body);
        return discarded;
    }

    /** Enables and starts it (FAILED when its plugin is missing or its stored configuration is now invalid). */
    public synchronized IntegrationDefinition enable(String id) {
        IntegrationDefinition existing = stored(id);
        if (!existing.enabled()) {
            repository.setEnabled(id, true);
            lifecycle(id, "UPDATED", Map.of("name", existing.name(), "enabled", true));
        }
        IntegrationDefinition d = withEnabled(existing, true);
        startStored(d);
        return masked(d);
    }

    /** Stops and disables it. */
    public synchronized IntegrationDefinition disable(String id) {
        IntegrationDefinition existing = stored(id);
        if (existing.enabled()) {
            repository.setEnabled(id, false);
            lifecycle(id, "UPDATED", Map.of("name", existing.name(), "enabled", false));
        }
        stop(id, "disabled");
        return masked(withEnabled(existing, false));
    }

    /** Stops and starts it again with its stored configuration. @throws IntegrationStateException when disabled */
    public synchronized void restart(String id) {
        IntegrationDefinition d = stored(id);
        if (!d.enabled()) {
            throw new IntegrationStateException("integration " + id + " is disabled; enable it instead");
        }
        startStored(d);
    }

    /**
     * At platform start, before MQTT clients can connect: opens the log of every integration
     * (enabled or not, plugin installed or not) and subscribes its topic filters, so that no
     * matching message is acknowledged without being stored for it.
     */
    public synchronized void openAll() {
        for (IntegrationDefinition d : all()) {
            try {
                runtime.open(d);
            } catch (IllegalArgumentException e) {
                log.error("Integration '{}' ({}) has invalid topic filters: {}", d.name(), d.id(), e.getMessage());
            }
        }
    }

    /**
     * At platform start: starts every enabled integration (FAILED with a reason when its plugin
     * is missing), and from now on starts integrations waiting for a plugin when it appears.
     */
    public synchronized void startAll() {
        if (!listening) {
            catalog.onTypesChanged(this::typeChanged);
            listening = true;
        }
        for (IntegrationDefinition d : all()) {
            if (d.enabled()) {
                startStored(d);
            }
        }
    }

    /** A type appeared or disappeared: start integrations waiting for it, or fail those that lost it. */
    private synchronized void typeChanged(String typeId) {
        boolean installed = catalog.type(typeId).isPresent();
        if (installed && protectStoredSecrets() > 0) { // stored before encryption, plugin was missing
            secretsRewritten.run();
        }
        for (IntegrationDefinition d : all()) {
            if (!d.enabled() || !typeId.equals(d.type())) {
                continue;
            }
            if (installed && waitingForPlugin.contains(d.id())) {
                log.info("Plugin for {} appeared: starting integration '{}'", typeId, d.name());
                startStored(d);
            } else if (!installed && !waitingForPlugin.contains(d.id())) {
                stop(d.id(), "plugin removed");
                markPluginMissing(d);
            }
        }
    }

    /** Validates a stored definition again (the plugin may have changed) and deploys it. */
    private void startStored(IntegrationDefinition d) {
        try {
            Optional<InstalledType> type = catalog.type(d.type());
            if (type.isEmpty()) {
                markPluginMissing(d);
                return;
            }
            Configuration c = d.configuration();
            List<FieldError> errors = new ArrayList<>();
            Config config = validator.checkClientConfiguration(type.get(),
                    c.clientConfiguration() == null ? Map.of() : c.clientConfiguration(),
                    c.metadata() == null ? Map.of() : c.metadata(), errors);
            if (config == null) {
                waitingForPlugin.remove(d.id());
                runtime.markFailed(d, "invalid configuration: " + errors.stream()
                        .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
                return;
            }
            deploy(d, type.get(), config);
        } catch (RuntimeException e) {
            // one broken integration must not keep the others from starting
            log.error("Could not start integration '{}' ({})", d.name(), d.id(), e);
            runtime.markFailed(d, "could not start: " + e.getMessage());
        }
    }

    private void markPluginMissing(IntegrationDefinition d) {
        waitingForPlugin.add(d.id());
        String reason = (catalog.isTypeDisabled(d.type()) ? PLUGIN_DISABLED : PLUGIN_MISSING) + d.type();
        log.warn("Integration '{}' ({}) cannot start: {}; its log keeps matching messages until it runs",
                d.name(), d.id(), reason);
        runtime.markFailed(d, reason);
    }

    private void deploy(IntegrationDefinition d, InstalledType type, Config config) {
        waitingForPlugin.remove(d.id());
        runtime.deploy(d, type, config);
    }

    private void stop(String id, String reason) {
        waitingForPlugin.remove(id);
        runtime.stop(id, reason);
    }

    private IntegrationDefinition stored(String id) {
        return repository.findById(id).map(this::opened).orElseThrow(() -> new NotFoundException(id));
    }

    private List<IntegrationDefinition> all() {
        return repository.findAll().stream().map(this::opened).toList();
    }

    /**
     * At start, after a key change or when a plugin appears: encrypts the secrets of integrations
     * stored before secrets were encrypted (their plugin says which fields are secret; those whose
     * plugin is missing wait for it), and encrypts again under the current key every secret that
     * only the previous key opens.
     *
     * @return how many integrations were rewritten
     */
    public synchronized int protectStoredSecrets() {
        if (secrets == null) {
            return 0;
        }
        int rewritten = 0;
        for (String id : repository.idsWithUnsealedSecrets()) {
            IntegrationDefinition d = repository.findById(id).orElse(null);
            Optional<InstalledType> type = d == null ? Optional.empty() : catalog.type(d.type());
            if (type.isPresent()) {
                repository.update(sealed(d, type.get()));
                rewritten++;
            }
        }
        if (secrets.hasPreviousKey()) {
            for (IntegrationDefinition d : repository.findAll()) {
                Map<String, Object> client = d.configuration().clientConfiguration();
                Map<String, Object> resealed = resealed(client);
                if (!resealed.equals(client)) {
                    repository.update(withClientConfiguration(d, resealed));
                    rewritten++;
                }
            }
        }
        if (rewritten > 0) {
            log.info("Encrypted the secrets of {} stored integration(s) with the current secret key", rewritten);
        }
        return rewritten;
    }

    /** What to do after {@link #protectStoredSecrets} rewrote integrations once the platform runs. */
    public void onSecretsRewritten(Runnable action) {
        this.secretsRewritten = action;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resealed(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (values == null) {
            return out;
        }
        values.forEach((k, v) -> {
            if (SecretBox.isSealed(v) && !secrets.opensWithCurrentKey((String) v)) {
                out.put(k, secrets.reseal((String) v));
            } else if (v instanceof Map<?, ?> map) {
                out.put(k, resealed((Map<String, Object>) map));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code d} with its secrets encrypted for storage (as is without a {@link SecretBox}). */
    private IntegrationDefinition sealed(IntegrationDefinition d, InstalledType type) {
        if (secrets == null) {
            return d;
        }
        Map<String, Object> client = d.configuration().clientConfiguration();
        return withClientConfiguration(d, ConfigSchemas.sealSecrets(type.schema(),
                client == null ? Map.of() : client, secrets::seal));
    }

    /** {@code d} as stored, with its secrets decrypted. */
    private IntegrationDefinition opened(IntegrationDefinition d) {
        if (secrets == null || d.configuration() == null) {
            return d;
        }
        return withClientConfiguration(d, secrets.openAll(d.configuration().clientConfiguration()));
    }

    private static IntegrationDefinition withClientConfiguration(IntegrationDefinition d, Map<String, Object> client) {
        Configuration c = d.configuration();
        return new IntegrationDefinition(d.id(), d.name(), d.type(), d.enabled(),
                c.withClientConfiguration(client), d.additionalInfo(), d.createdTime());
    }

    private void lifecycle(String id, String event, Map<String, Object> body) {
        events.record(new IntegrationEvent(0, id, EventType.LIFECYCLE, event, clock.millis(), body));
    }

    private static IntegrationDefinition withEnabled(IntegrationDefinition d, boolean enabled) {
        return new IntegrationDefinition(d.id(), d.name(), d.type(), enabled, d.configuration(), d.additionalInfo(),
                d.createdTime());
    }

    /** The read model: secrets masked; every value masked when the plugin (and so the schema) is missing. */
    private IntegrationDefinition masked(IntegrationDefinition d) {
        Configuration c = d.configuration();
        Map<String, Object> client = c.clientConfiguration() == null ? Map.of() : c.clientConfiguration();
        Map<String, Object> safe = catalog.type(d.type())
                .map(t -> ConfigSchemas.mask(t.schema(), client))
                .orElseGet(() -> maskAll(client));
        return new IntegrationDefinition(d.id(), d.name(), d.type(), d.enabled(),
                c.withClientConfiguration(safe), d.additionalInfo(), d.createdTime());
    }

    private static Map<String, Object> maskAll(Map<String, Object> values) {
        // without the schema we cannot tell secrets apart: show none of the values
        Map<String, Object> out = new LinkedHashMap<>();
        values.keySet().forEach(k -> out.put(k, ConfigSchemas.MASK));
        return out;
    }

    /**
     * Another node changed integration {@code id} in the shared store: makes this node run what is
     * stored now (opens or re-subscribes it, starts or restarts it when enabled, stops it when
     * disabled, deletes it with its local log when it is gone). Records no event: the node that
     * made the change did.
     */
    public synchronized void applyStored(String id) {
        Optional<IntegrationDefinition> stored = repository.findById(id).map(this::opened);
        if (stored.isEmpty()) {
            waitingForPlugin.remove(id);
            long discarded = runtime.delete(id);
            log.info("Integration {} was deleted on another node{}", id,
                    discarded > 0 ? " (" + discarded + " message(s) queued here discarded)" : "");
            return;
        }
        IntegrationDefinition d = stored.get();
        try {
            runtime.open(d);
        } catch (IllegalArgumentException e) {
            log.error("Integration '{}' ({}) has invalid topic filters: {}", d.name(), d.id(), e.getMessage());
            return;
        }
        if (d.enabled()) {
            log.info("Integration '{}' changed on another node: (re)starting it", d.name());
            startStored(d);
        } else {
            stop(id, "disabled");
        }
    }

    /** Changes were missed on this node: applies every stored integration ({@link #applyStored}) and drops those no longer stored. */
    public synchronized void applyAllStored(java.util.Collection<String> runningHere) {
        Set<String> ids = new java.util.LinkedHashSet<>(runningHere);
        repository.findAll().forEach(d -> ids.add(d.id()));
        ids.forEach(this::applyStored);
    }
}
