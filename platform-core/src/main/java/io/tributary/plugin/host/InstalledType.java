package io.tributary.plugin.host;

import io.tributary.plugin.api.Direction;
import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An integration type provided by a loaded plugin, and the only way into its code: the
 * platform's isolated handle on an {@link IntegrationPlugin} (after Kafka Connect's
 * {@code IsolatedPlugin}). Every call sets the plugin's class loader as thread context class
 * loader and turns whatever the plugin throws into a {@link PluginCallException} that names the
 * plugin; the calls that may block ({@link #validate(Config, Map, Duration) validate},
 * {@link #check(CheckInput, CheckOutput, Duration) check}) take a time limit and run on a thread of
 * their own. The plugin object itself never leaves {@code plugin.host}.
 *
 * <p>The untimed variants run on the caller's thread; the platform uses the timed ones, the
 * plugin test kit the untimed ones on a thread it watches itself.
 */
public final class InstalledType {
    private final String type;
    private final String displayName;
    private final String description;
    private final String version;
    private final String pluginId;
    private final ConfigSchema schema;
    private final Direction direction;
    private final IntegrationPlugin plugin;
    private final ClassLoader classLoader;

    InstalledType(String type, String displayName, String description, String version, String pluginId,
                  ConfigSchema schema, Direction direction, IntegrationPlugin plugin, ClassLoader classLoader) {
        this.type = type;
        this.displayName = displayName;
        this.description = description;
        this.version = version;
        this.pluginId = pluginId;
        this.schema = schema;
        this.direction = direction;
        this.plugin = plugin;
        this.classLoader = classLoader;
    }

    /**
     * The handle of a plugin object created outside PF4J (tests, embedded types): reads its type
     * id, names and schema as the host does at load.
     *
     * @param loader the loader to set around its calls (usually the one that loaded its class)
     * @throws IllegalArgumentException when it declares no usable type
     */
    public static InstalledType of(IntegrationPlugin plugin, String pluginId, String pluginVersion,
                                   ClassLoader loader) {
        Objects.requireNonNull(plugin, "plugin");
        try {
            return IntegrationTypeReader.read(plugin, pluginId, pluginVersion, loader);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("plugin " + pluginId + " failed while declaring its type: " + e, e);
        }
    }

    /** Type id, e.g. KAFKA. */
    public String type() {
        return type;
    }

    /** Name shown to operators. */
    public String displayName() {
        return displayName;
    }

    /** One or two sentences. */
    public String description() {
        return description;
    }

    /** Type version (the plugin's when the type gives none). */
    public String version() {
        return version;
    }

    /** PF4J plugin id. */
    public String pluginId() {
        return pluginId;
    }

    /** Configuration schema (read once at load). */
    public ConfigSchema schema() {
        return schema;
    }

    /** Whether its integrations receive from the broker (sink) or publish into it (source); read once at load. */
    public Direction direction() {
        return direction;
    }

    /** True for a {@link Direction#SOURCE} type: its integrations have no topic filters. */
    public boolean isSource() {
        return direction == Direction.SOURCE;
    }

    /**
     * The plugin's class loader, for identity checks only (leak detection, diagnostics): calls
     * into the plugin go through this handle, which sets it.
     */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * The plugin's own rules on a configuration that passed its schema.
     *
     * @return the field errors it reported (field names relative to the plugin's configuration)
     * @throws PluginCallException when it throws or does not return within {@code timeout}
     */
    public List<FieldError> validate(Config config, Map<String, String> metadata, Duration timeout) {
        return PluginCalls.timed(this, "validate()", timeout, () -> validate(config, metadata));
    }

    /** {@link #validate(Config, Map, Duration)} on the caller's thread, without a time limit. */
    public List<FieldError> validate(Config config, Map<String, String> metadata) {
        Map<String, String> copy = Map.copyOf(metadata);
        List<FieldError> found = Collections.synchronizedList(new ArrayList<>());
        ValidationInput input = new ValidationInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public Map<String, String> metadata() {
                return copy;
            }
        };
        ValidationOutput output = (field, message) -> found.add(new FieldError(field, message));
        try (LoaderSwap swap = LoaderSwap.to(classLoader)) {
            plugin.validate(input, output);
        } catch (RuntimeException | LinkageError e) {
            throw PluginCallException.threw(this, "validate()", e);
        }
        synchronized (found) {
            return List.copyOf(found);
        }
    }

    /**
     * Checks a configuration against the external system; the plugin reports through {@code output}.
     *
     * @throws PluginCallException when it throws or does not return within {@code timeout} (what
     *                             it reported until then stays in {@code output})
     */
    public void check(CheckInput input, CheckOutput output, Duration timeout) {
        PluginCalls.timed(this, "check()", timeout, () -> {
            check(input, output);
            return null;
        });
    }

    /** {@link #check(CheckInput, CheckOutput, Duration)} on the caller's thread, without a time limit. */
    public void check(CheckInput input, CheckOutput output) {
        try (LoaderSwap swap = LoaderSwap.to(classLoader)) {
            plugin.check(input, output);
        } catch (RuntimeException | LinkageError e) {
            throw PluginCallException.threw(this, "check()", e);
        }
    }

    /**
     * Creates an integration (not started yet) on the caller's thread: plugins build objects
     * here and connect in {@code start}.
     *
     * @throws PluginCallException when it throws or returns {@code null}
     */
    public IsolatedIntegration create(CreateInput input) {
        Integration created;
        try (LoaderSwap swap = LoaderSwap.to(classLoader)) {
            created = plugin.create(input);
        } catch (RuntimeException | LinkageError e) {
            throw PluginCallException.threw(this, "create()", e);
        }
        if (created == null) {
            throw PluginCallException.invalid(this, "create()", "returned no integration");
        }
        return new IsolatedIntegration(this, created, classLoader);
    }

    /** The raw plugin object, for tests of this package only: it never leaves {@code plugin.host}. */
    IntegrationPlugin plugin() {
        return plugin;
    }

    @Override
    public String toString() {
        return type + " (plugin " + pluginId + " " + version + ")";
    }
}
