package io.tributary.bench.jmh;

import io.tributary.kafka.config.KafkaSettings;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.kafka.record.RecordFactory;
import io.tributary.plugin.api.message.IntegrationMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka plugin's record build: the seed's JSON document (payload base64) from an
 * IntegrationMessage, with the plugin's default settings; and the same with a key template and a
 * header, with topic and key read from a JSON payload (one streaming parse per record), and the
 * cost of building the IntegrationMessage itself (the platform's copy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordBuildBench {
    @Param({"64", "1024"})
    public int payload;

    private RecordFactory defaults;
    private RecordFactory templated;
    private RecordFactory payloadRouted;
    private IntegrationMessage jsonMessage;
    private IntegrationMessage message;
    private byte[] bytes;

    @Setup
    public void setup() {
        RecordContext ctx = new RecordContext("Kafka integration", Map.of("site", "berlin"), "node-1");
        defaults = RecordFactory.create(settings("", Map.of()), ctx);
        templated = RecordFactory.create(settings("${clientId}", Map.of("mqtt-topic", "${topic}")), ctx);
        bytes = new byte[payload];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        message = message();
        payloadRouted = RecordFactory.create(new KafkaSettings(false, "localhost:9092", "devices.${payload.deviceId}",
                "${payload.sensor.id}", "tbmq-ie-kafka-producer", 0, 16384, 0, 33554432L, "-1", "none", Map.of(),
                Map.of(), StandardCharsets.UTF_8, false), ctx);
        StringBuilder json = new StringBuilder("{\"deviceId\":\"device-42\",\"sensor\":{\"id\":\"t-1\"},\"data\":\"");
        while (json.length() < payload - 2) {
            json.append('x');
        }
        jsonMessage = IntegrationMessage.builder().topic("tbmq/site/17/dev/42/temp")
                .payload(json.append("\"}").toString().getBytes(StandardCharsets.UTF_8)).qos(1)
                .clientId("device-42").receivedAt(1742554969254L).brokerNodeId("node-1").build();
    }

    private IntegrationMessage message() {
        return IntegrationMessage.builder().topic("tbmq/site/17/dev/42/temp").payload(bytes).qos(1)
                .clientId("device-42").receivedAt(1742554969254L).brokerNodeId("node-1").build();
    }

    private static KafkaSettings settings(String key, Map<String, String> headers) {
        return new KafkaSettings(false, "localhost:9092", "tbmq.messages", key, "tbmq-ie-kafka-producer", 0, 16384,
                0, 33554432L, "-1", "none", Map.of(), headers, StandardCharsets.UTF_8, false);
    }

    @Benchmark
    public Object jsonRecord() {
        return defaults.build(message);
    }

    @Benchmark
    public Object jsonRecordWithKeyAndHeader() {
        return templated.build(message);
    }

    @Benchmark
    public Object jsonRecordWithTopicAndKeyFromPayload() {
        return payloadRouted.build(jsonMessage);
    }

    @Benchmark
    public Object messageCopyAndJsonRecord() {
        return defaults.build(message());
    }
}
