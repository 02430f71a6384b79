package io.tributary.broker;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void pahoV3PublishesAndReceivesAtEveryQos() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient sub = new MqttClient(broker.tcpUri(), "sub", new MemoryPersistence());
            MqttClient pub = new MqttClient(broker.tcpUri(), "pub", new MemoryPersistence());
            MqttConnectOptions opts = new MqttConnectOptions();
            sub.connect(opts);
            pub.connect(opts);
            BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
            sub.subscribe("a/#", 2, (topic, msg) -> got.add(topic + "=" + new String(msg.getPayload()) + "@" + msg.getQos()));
            for (int qos = 0; qos <= 2; qos++) {
                pub.publish("a/b", ("q" + qos).getBytes(), qos, false);
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("a/b=q" + qos + "@" + qos);
            }
            pub.disconnect();
            sub.disconnect();
            pub.close();
            sub.close();
        }
    }
}
