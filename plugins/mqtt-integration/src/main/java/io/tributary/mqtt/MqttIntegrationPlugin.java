package io.tributary.mqtt;

import io.tributary.mqtt.bridge.MqttBridgeIntegration;
import io.tributary.mqtt.check.BrokerCheck;
import io.tributary.mqtt.config.MqttConfigSchema;
import io.tributary.mqtt.config.MqttConfigValidator;
import io.tributary.mqtt.config.MqttSettings;
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
 * The {@code MQTT} integration type: forwards each matching message to another MQTT broker
 * (3.1.1 or 5.0, TCP or TLS) with the HiveMQ MQTT client.
 */
@Extension
public final class MqttIntegrationPlugin implements IntegrationPlugin {
    public static final String TYPE = "MQTT";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "MQTT bridge";
    }

    @Override
    public String description() {
        return "Forwards each MQTT message to another MQTT broker (3.1.1 or 5.0, TCP or TLS), with a templated "
                + "topic, QoS and retain as published or fixed, and MQTT 5 user properties.";
    }

    @Override
    public ConfigSchema configSchema() {
        return MqttConfigSchema.schema();
    }

    @Override
    public void validate(ValidationInput input, ValidationOutput output) {
        MqttConfigValidator.validate(input.config(), input.metadata(), output);
    }

    @Override
    public void check(CheckInput input, CheckOutput output) {
        BrokerCheck.run(input, output);
    }

    @Override
    public Integration create(CreateInput input) {
        return new MqttBridgeIntegration(MqttSettings.from(input.config()));
    }
}
