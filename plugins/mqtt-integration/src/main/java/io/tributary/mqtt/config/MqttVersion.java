package io.tributary.mqtt.config;

/** The protocol version spoken to the remote broker: the {@code mqttVersion} field. */
public enum MqttVersion implements Choice {
    V5("5", "MQTT 5.0"),
    /** No user properties, content type, response topic or correlation data: they are not forwarded. */
    V3_1_1("3.1.1", "MQTT 3.1.1");

    private final String value;
    private final String label;

    MqttVersion(String value, String label) {
        this.value = value;
        this.label = label;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String label() {
        return label;
    }

    public static MqttVersion from(String value) {
        return Choice.from(MqttVersion.class, value, V5, "MQTT version");
    }
}
