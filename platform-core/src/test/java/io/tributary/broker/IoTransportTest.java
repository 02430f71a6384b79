package io.tributary.broker;

import io.tributary.broker.transport.IoTransport;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;

/** mqtt.transport and mqtt.io-threads: the broker serves MQTT over TCP and WebSocket on either socket I/O. */
class IoTransportTest {

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void everyMessageArrivesOverTcpAndWebSocketOnTheChosenTransport(String transport) throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.transport", transport, "mqtt.io-threads", "1"))) {
            assertThat(broker.broker().transport()).isEqualTo(IoTransport.valueOf(transport.toUpperCase()));
            MqttClient subscriber = new MqttClient(broker.wsUri(), "sub-" + transport, new MemoryPersistence());
            MqttClient publisher = new MqttClient(broker.tcpUri(), "pub-" + transport, new MemoryPersistence());
            LifecycleClients.Inbox inbox = new LifecycleClients.Inbox();
            try {
                subscriber.setCallback(inbox);
                subscriber.connect(v3Options(true));
                subscriber.subscribe("io/#", 1);
                MqttConnectOptions options = v3Options(true);
                options.setMaxInflight(1000);
                publisher.connect(options);
                for (int i = 0; i < 200; i++) {
                    publisher.publish("io/" + transport, utf8("m" + i), 1, false);
                }
                Set<String> received = new HashSet<>();
                for (String m; received.size() < 200 && (m = inbox.next(5000)) != null; ) {
                    received.add(m);
                }
                assertThat(received).as("distinct messages over " + transport).hasSize(200)
                        .contains("io/" + transport + "=m0", "io/" + transport + "=m199");
            } finally {
                closeQuietly(publisher);
                closeQuietly(subscriber);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void autoUsesEpollWhereItLoads() {
        // the build machine and the shipped distribution are linux-x86_64, where the native library is bundled
        assertThat(IoTransport.choose("auto")).isEqualTo(IoTransport.EPOLL);
        assertThat(IoTransport.choose("nio")).isEqualTo(IoTransport.NIO);
    }
}
