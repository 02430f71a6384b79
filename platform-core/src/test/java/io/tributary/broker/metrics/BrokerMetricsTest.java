package io.tributary.broker.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.clientevents.DisconnectReason;
import io.tributary.broker.limits.LimitEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Label values an operator writes alerts against: one per cause, whatever the protocol version. */
class BrokerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BrokerMetrics metrics = new BrokerMetrics(registry);

    @Test
    void aRefusedConnectCountsUnderTheMqtt5NameWhateverTheVersion() {
        metrics.refused(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        metrics.refused(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
        metrics.refused(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        metrics.refused(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5);
        metrics.refused(MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED);
        metrics.accepted();
        assertThat(connects("bad_username_or_password")).isEqualTo(2);
        assertThat(connects("not_authorized")).isEqualTo(2);
        assertThat(connects("quota_exceeded")).isEqualTo(1);
        assertThat(connects("accepted")).isEqualTo(1);
    }

    @Test
    void disconnectReasonsHaveShortStableLabels() {
        assertThat(DisconnectReason.CLIENT_DISCONNECT.metricLabel()).isEqualTo("client");
        assertThat(DisconnectReason.SESSION_TAKEN_OVER.metricLabel()).isEqualTo("takeover");
        assertThat(DisconnectReason.SERVER_SHUTTING_DOWN.metricLabel()).isEqualTo("server_shutdown");
        assertThat(DisconnectReason.KEEP_ALIVE_TIMEOUT.metricLabel()).isEqualTo("keep_alive_timeout");
        metrics.disconnected(DisconnectReason.CONNECTION_LOST.metricLabel());
        assertThat(registry.get("tributary.mqtt.disconnects").tag("reason", "connection_lost").counter().count())
                .isEqualTo(1);
    }

    @Test
    void connectionGaugesFollowEachListenerAndVersion() {
        var tls5 = metrics.connected(BrokerMetrics.Listener.TLS, MqttVersion.MQTT_5);
        metrics.connected(BrokerMetrics.Listener.WS, MqttVersion.MQTT_3_1);
        tls5.decrementAndGet();
        assertThat(connections("tls", "5.0")).isZero();
        assertThat(connections("ws", "3.1")).isEqualTo(1);
        assertThat(registry.find("tributary.mqtt.connections").gauges()).hasSize(12);
    }

    @Test
    void limitRefusalsAreTheCountsLimitEventsKeeps() {
        LimitEvents events = new LimitEvents();
        events.bindTo(registry);
        events.hit(LimitEvents.Limit.RETAINED, "retained store full");
        events.hit(LimitEvents.Limit.RETAINED, "retained store full");
        assertThat(registry.get("tributary.mqtt.limit.refusals").tag("limit", "retained").functionCounter().count())
                .isEqualTo(2);
    }

    private double connects(String result) {
        return registry.get("tributary.mqtt.connects").tag("result", result).counter().count();
    }

    private double connections(String listener, String protocol) {
        return registry.get("tributary.mqtt.connections").tags("listener", listener, "protocol", protocol).gauge()
                .value();
    }
}
