package io.tributary.plugin.api;

import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import org.pf4j.ExtensionPoint;

/**
 * One integration type, e.g. {@code KAFKA}: what the platform needs to show its form, validate
 * a configuration and create running integrations. Implement it in a plugin and annotate the
 * class with {@code @org.pf4j.Extension}.
 *
 * <p>The platform validates every configuration against {@link #configSchema()} first (types,
 * required fields, ranges, allowed values) and then calls {@link #validate} for the rules the
 * schema cannot express. Only a configuration that passes both reaches {@link #create}.
 *
 * <p>Methods are called with the plugin's class loader as the thread context class loader.
 *
 * @since 0.1
 */
public interface IntegrationPlugin extends ExtensionPoint {

    /**
     * Integration type id, unique across installed plugins: upper case letters, digits and
     * underscores, e.g. {@code KAFKA}. Stored with every integration; never change it.
     */
    String type();

    /** Name shown to operators, e.g. "Kafka". */
    String displayName();

    /** One or two sentences shown when choosing a type. */
    String description();

    /** Version of this integration type; blank means the plugin's version. */
    default String version() {
        return "";
    }

    /**
     * Which way messages flow: {@link Direction#SINK} (the default: MQTT messages matching the
     * integration's topic filters are passed to {@code process}) or {@link Direction#SOURCE}
     * (the integration publishes into the broker through
     * {@link io.tributary.plugin.api.runtime.IntegrationContext#publisher()}; it has no topic
     * filters and receives nothing). Read once when the plugin is loaded; never change it.
     *
     * @since 0.2
     */
    default Direction direction() {
        return Direction.SINK;
    }

    /** The configuration form: fields, types, defaults and UI hints. Called once at load. */
    ConfigSchema configSchema();

    /**
     * Cross-field rules the schema cannot express. Report each problem with
     * {@link ValidationOutput#error}; report all of them, not just the first.
     * Must be fast and must not contact external systems.
     */
    default void validate(ValidationInput input, ValidationOutput output) {
    }

    /**
     * Checks a configuration against the external system without creating an integration:
     * reachability, authentication, destination, and the record a sample message would produce.
     * Must finish within {@link CheckInput#timeout()} and release everything it opened. The
     * default reports that the type has no check.
     */
    default void check(CheckInput input, CheckOutput output) {
        output.step("check", false, "This integration type does not support checking a connection");
    }

    /**
     * Creates a running integration from a validated configuration. Do not connect here:
     * connect in {@link Integration#start}.
     */
    Integration create(CreateInput input);
}
