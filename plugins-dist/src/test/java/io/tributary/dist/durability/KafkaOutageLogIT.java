package io.tributary.dist.durability;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log an operator reads while a Kafka integration cannot reach its cluster, on the real
 * distribution. The Kafka client logs a warning per reconnect attempt (about 50 in 12 s with
 * the producer and the admin client, before the platform quieted them); the operator gets one
 * line when the destination becomes unreachable and one when it is reachable again. The client's
 * detail is there once its logger is set to DEBUG in {@code conf/logback.xml}.
 */
class KafkaOutageLogIT {
    private static final String NAME = "orders-to-kafka";

    @Test
    void anUnreachableClusterIsOneWarningAndItsReturnOneLineWithTheDetailAtDebug() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
             Installation tributary = Installation.unpack("kafka-outage-log", Map.of())) {
            kafka.createTopic("orders");
            kafka.stopBroker(); // its port is closed until startBroker
            tributary.start();
            AdminApi admin = tributary.admin();
            int from = lines(tributary).size();
            String id = admin.createIntegration(NAME, "KAFKA", "orders/#", Integrations.kafka(kafka.bootstrap(),
                    "orders"));

            // ten seconds of outage with a device publishing: the producer and the admin client retry
            MqttClient device = new MqttClient("tcp://127.0.0.1:" + tributary.mqttPort(), "till-1",
                    new MemoryPersistence());
            device.connect();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int sent = 0;
            while (System.nanoTime() < until) {
                device.publish("orders/till-1", ("order-" + sent++).getBytes(StandardCharsets.UTF_8), 1, false);
                Thread.sleep(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    !admin.integration(id).get("status").get("connected").asBoolean(true));

            List<String> outage = since(tributary, from);
            List<String> loud = warnOrError(outage);
            System.out.printf("outage of 10 s: %d log lines, %d at WARN or ERROR:%n%s%n", outage.size(), loud.size(),
                    String.join("\n", loud));
            assertThat(loud).as("WARN and ERROR lines during the outage").hasSizeLessThanOrEqualTo(3);
            assertThat(loud).filteredOn(l -> l.contains("Integration '" + NAME + "' (KAFKA): destination unreachable: "
                    + "no broker answered at " + kafka.bootstrap())).hasSize(1);
            assertThat(outage).noneMatch(l -> l.contains("NetworkClient"));

            kafka.startBroker();
            await().atMost(Duration.ofSeconds(60)).until(() -> since(tributary, from).stream()
                    .anyMatch(l -> l.contains(" INFO ") && l.contains(
                            "Integration '" + NAME + "' (KAFKA): destination reachable again: ")));
            Integrations.awaitDrained(admin, id, Duration.ofSeconds(90));
            assertThat(kafka.readAll("orders")).hasSize(sent);
            device.disconnect();
            device.close();
            assertThat(warnOrError(since(tributary, from))).as("WARN and ERROR lines, outage and recovery")
                    .hasSizeLessThanOrEqualTo(3);
            assertThat(since(tributary, from)).filteredOn(l -> l.contains("Integration '" + NAME + "'"))
                    .filteredOn(l -> l.contains("reachable")).hasSize(2);

            // the operator wants the client's detail: its logger at DEBUG, and the outage again
            tributary.stop();
            Path logback = tributary.home().resolve("conf/logback.xml");
            Files.writeString(logback, Files.readString(logback).replace("<root ",
                    "<logger name=\"org.apache.kafka.clients\" level=\"DEBUG\"/>\n  <root "));
            kafka.stopBroker();
            int restart = lines(tributary).size();
            tributary.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(since(tributary, restart))
                    .anyMatch(l -> l.contains(" DEBUG ") && l.contains("NetworkClient")
                            && l.contains("Connection to node -1") && l.contains("could not be established")));
            assertThat(since(tributary, restart)).filteredOn(l -> l.contains("NetworkClient"))
                    .noneMatch(l -> l.contains(" WARN ") || l.contains(" INFO "));
            tributary.stop();
        }
    }

    private static List<String> lines(Installation tributary) throws Exception {
        return tributary.logText().lines().toList();
    }

    private static List<String> since(Installation tributary, int from) throws Exception {
        List<String> all = lines(tributary);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /** WARN and ERROR lines, and stack trace lines (which belong to one). */
    private static List<String> warnOrError(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                || l.startsWith("\tat ") || l.toLowerCase(Locale.ROOT).startsWith("caused by")).toList();
    }
}
