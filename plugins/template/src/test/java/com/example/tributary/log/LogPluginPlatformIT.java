package com.example.tributary.log;

import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end: the zip mounted in a real platform, messages published over MQTT, counted over REST. */
class LogPluginPlatformIT {

    @Test
    void messagesPublishedOverMqttAreDeliveredToTheIntegration() throws Exception {
        try (TestPlatform platform = TestPlatform.start(PluginTestKit.builtZip())) {
            AdminClient admin = platform.admin();
            assertThat(admin.integrationTypes()).extracting(t -> t.get("type")).contains(LogIntegrationPlugin.TYPE);
            String id = admin.createIntegration("log everything", LogIntegrationPlugin.TYPE, List.of("sensors/#"),
                    Map.of("format", "{clientId} {topic} {payload}"));
            admin.awaitStatus(id, "ACTIVE", Duration.ofSeconds(10));

            MqttClient device = new MqttClient(platform.mqttUri(), "sensor-1", new MemoryPersistence());
            device.connect();
            for (int i = 0; i < 3; i++) {
                device.publish("sensors/1/temperature", ("{\"t\":" + (20 + i) + "}").getBytes(), 1, false);
            }
            device.publish("elsewhere/1", "ignored".getBytes(), 1, false);
            device.disconnect();
            device.close();

            admin.awaitStatistic(id, "succeeded", 3, Duration.ofSeconds(10));
            assertThat(admin.statistic(id, "failed")).isZero();
            assertThat(admin.events(id, "ERROR", 10)).isEmpty();
        }
    }
}
