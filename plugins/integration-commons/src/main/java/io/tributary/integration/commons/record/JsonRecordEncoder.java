package io.tributary.integration.commons.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON record every integration sends by default, field for field the TBMQ document that
 * downstream consumers already read:
 * <pre>{@code
 * {"payload":"eyJ0ZW1wZXJhdHVyZSI6MjV9","topicName":"tbmq/devices/device-01","clientId":"tbmq_df52bNUQ",
 *  "eventType":"PUBLISH_MSG","qos":1,"retain":false,"tbmqIeNode":"tbmq_ie_node","tbmqNode":"tbmq_node",
 *  "ts":1742554969254,"props":{},"metadata":{"integrationName":"My integration"}}
 * }</pre>
 * {@code payload} is the base64 of the MQTT payload bytes; {@code ts} is when the broker received
 * the message (epoch ms). {@code props} holds the MQTT 5 user properties as an object: one member
 * per key, in order of first appearance; when a key repeats, the last value wins.
 * {@code metadata} is {@code integrationName} followed by the integration's metadata; a metadata
 * key named {@code integrationName} does not replace the name. Thread-safe.
 */
public final class JsonRecordEncoder implements ValueEncoder {
    /** The {@code eventType} of a published message. */
    public static final String EVENT_TYPE = "PUBLISH_MSG";

    // no thread-local buffer recycling: thread locals in platform threads would pin the plugin's
    // loader; a small bounded pool instead (the concurrent-deque pool showed up in profiles)
    private final JsonFactory json = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(8)).build();
    private final String ieNode;
    /** The metadata object, written once. */
    private final String metadataJson;

    public JsonRecordEncoder(RecordContext context) {
        this.ieNode = context.executorNodeId();
        this.metadataJson = metadataJson(context);
    }

    private String metadataJson(RecordContext context) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("integrationName", context.integrationName());
            for (Map.Entry<String, String> e : context.metadata().entrySet()) {
                if (!e.getKey().equals("integrationName")) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public byte[] encode(IntegrationMessage m) {
        ByteBuffer payload = Base64.getEncoder().encode(m.payloadBuffer());
        // written into a pooled buffer and copied out once at its exact length: a sized
        // ByteArrayOutputStream plus its toByteArray copy was a quarter of the bytes allocated per
        // message on the MQTT -> Kafka path (JFR allocation samples)
        BufferRecycler recycler = json._getBufferRecycler();
        ByteArrayBuilder out = new ByteArrayBuilder(recycler);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("payload");
            // base64 is ASCII: written as is, no escaping pass and no String copy
            g.writeRawUTF8String(payload.array(), payload.arrayOffset(), payload.remaining());
            g.writeStringField("topicName", m.topic());
            g.writeStringField("clientId", m.clientId());
            g.writeStringField("eventType", m.eventType());
            g.writeNumberField("qos", m.qos());
            g.writeBooleanField("retain", m.retain());
            g.writeStringField("tbmqIeNode", ieNode);
            g.writeStringField("tbmqNode", m.brokerNodeId());
            g.writeNumberField("ts", m.receivedAt());
            g.writeFieldName("props");
            writeProps(g, m.userProperties());
            g.writeFieldName("metadata");
            g.writeRawValue(metadataJson);
            g.writeEndObject();
            g.flush();
            return out.getClearAndRelease();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with an in-memory stream
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void writeProps(JsonGenerator g, List<UserProperty> props) throws IOException {
        g.writeStartObject();
        if (props.size() <= 1) {
            for (UserProperty p : props) {
                g.writeStringField(p.key(), p.value());
            }
        } else {
            // repeated keys: a JSON object has one member per key, the last value wins
            Map<String, String> lastWins = new LinkedHashMap<>();
            for (UserProperty p : props) {
                lastWins.put(p.key(), p.value());
            }
            for (Map.Entry<String, String> e : lastWins.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
    }

    @Override
    public boolean isJson() {
        return true;
    }
}
