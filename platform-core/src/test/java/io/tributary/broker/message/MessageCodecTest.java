package io.tributary.broker.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The binary message format of logs and dead letters, with client events. */
class MessageCodecTest {

    private static BrokerMessage roundTrip(BrokerMessage m, byte[][] written) {
        RecordBuffer out = new RecordBuffer(64);
        MessageCodec.encode(m, out);
        byte[] bytes = java.util.Arrays.copyOf(out.array(), out.length());
        written[0] = bytes;
        return MessageCodec.decode(ByteBuffer.wrap(bytes));
    }

    @Test
    void aClientEventKeepsItsTypeThroughTheLog() {
        BrokerMessage event = new BrokerMessage("$events/client_connected",
                "{\"eventType\":\"CONNECTED\"}".getBytes(StandardCharsets.UTF_8), 1, false, "dev-1", 42, 0,
                new BrokerMessage.ForwardedProperties(true, "application/json", null, null, List.of()), "CONNECTED", null);
        byte[][] written = new byte[1][];
        BrokerMessage back = roundTrip(event, written);
        assertThat(back.eventType()).isEqualTo("CONNECTED");
        assertThat(back.isClientEvent()).isTrue();
        assertThat(back.topic()).isEqualTo("$events/client_connected");
        assertThat(back.publisherId()).isEqualTo("dev-1");
        assertThat(back.payload()).isEqualTo(event.payload());
        assertThat(back.properties().contentType()).isEqualTo("application/json");
        assertThat(written[0][0]).as("format version of an event").isEqualTo((byte) 2);
    }

    @Test
    void anApplicationMessageIsStillWrittenInTheFormatOlderVersionsRead() {
        BrokerMessage m = new BrokerMessage("a/b", new byte[]{1, 2}, 2, true, "pub", 7, 99,
                new BrokerMessage.ForwardedProperties(null, null, "reply/to", new byte[]{9},
                        List.of(Map.entry("k", "v"))));
        byte[][] written = new byte[1][];
        BrokerMessage back = roundTrip(m, written);
        assertThat(written[0][0]).as("format version of a message").isEqualTo((byte) 1);
        assertThat(back.eventType()).isNull();
        assertThat(back.qos()).isEqualTo(2);
        assertThat(back.retain()).isTrue();
        assertThat(back.expiresAt()).isEqualTo(99);
        assertThat(back.properties().responseTopic()).isEqualTo("reply/to");
        assertThat(back.properties().userProperties()).containsExactly(Map.entry("k", "v"));
    }
}
