package io.tributary.kafka;

import io.tributary.kafka.check.ConnectionCheck;
import io.tributary.kafka.config.KafkaConfigSchema;
import io.tributary.kafka.config.KafkaConfigValidator;
import io.tributary.kafka.config.KafkaSettings;
import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.kafka.producer.KafkaIntegration;
import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import org.pf4j.Extension;

/**
 * The {@code KAFKA} integration type: publishes MQTT messages to a Kafka topic, as the seed's
 * JSON document or as the raw payload.
 */
@Extension
public final class KafkaIntegrationPlugin implements IntegrationPlugin {
    public static final String TYPE = "KAFKA";

    private final WatchTiming watchTiming;

    public KafkaIntegrationPlugin() {
        this(WatchTiming.DEFAULT);
    }

    /** For tests: probe connectivity more often than every 30 s. */
    KafkaIntegrationPlugin(WatchTiming watchTiming) {
        this.watchTiming = watchTiming;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Kafka";
    }

    @Override
    public String description() {
        return "Publishes MQTT messages to an Apache Kafka topic, as a JSON document with the message's "
                + "metadata or as the raw payload.";
    }

    @Override
    public ConfigSchema configSchema() {
        return KafkaConfigSchema.schema();
    }

    @Override
    public void validate(ValidationInput input, ValidationOutput output) {
        KafkaConfigValidator.validate(input.config(), input.metadata(), output);
    }

    @Override
    public void check(CheckInput input, CheckOutput output) {
        ConnectionCheck.run(input, output);
    }

    @Override
    public Integration create(CreateInput input) {
        return new KafkaIntegration(KafkaSettings.from(input.config()), watchTiming,
                input.config().getBoolean(KafkaConfigSchema.ALLOW_FROM_SAME_TOPIC, false));
    }
}
