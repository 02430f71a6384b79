package io.tributary.broker.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The origin a source integration gives a message survives the integration log and the broker journal. */
class MessageCodecOriginTest {

    private static BrokerMessage roundTrip(BrokerMessage m) {
        RecordBuffer out = new RecordBuffer(64);
        MessageCodec.encode(m, out);
        return MessageCodec.decode(ByteBuffer.wrap(out.array(), 0, out.length()));
    }

    @Test
    void anOriginIsKeptWithPropertiesAndWithout() {
        BrokerMessage plain = new BrokerMessage("a/b", new byte[]{1, 2}, 1, true, null, 5, 0,
                BrokerMessage.ForwardedProperties.NONE, null, "kafka:cluster/topic");
        BrokerMessage read = roundTrip(plain);
        assertThat(read.origin()).isEqualTo("kafka:cluster/topic");
        assertThat(read.retain()).isTrue();
        assertThat(read.payload()).containsExactly(1, 2);

        BrokerMessage withProps = new BrokerMessage("a/b", new byte[0], 2, false, "c1", 5, 99,
                new BrokerMessage.ForwardedProperties(true, "text/plain", null, null, List.of(Map.entry("k", "v"))),
                null, "kafka:x/t");
        BrokerMessage read2 = roundTrip(withProps);
        assertThat(read2.origin()).isEqualTo("kafka:x/t");
        assertThat(read2.properties().userProperties()).containsExactly(Map.entry("k", "v"));
        assertThat(read2.withRetain(true).origin()).isEqualTo("kafka:x/t");
    }

    @Test
    void anEventTypeAndAnOriginAreBothKept() {
        BrokerMessage both = new BrokerMessage("$events/x", new byte[]{3}, 1, false, "c", 5, 0,
                BrokerMessage.ForwardedProperties.NONE, "CONNECTED", "kafka:x/t");
        BrokerMessage read = roundTrip(both);
        assertThat(read.eventType()).isEqualTo("CONNECTED");
        assertThat(read.origin()).isEqualTo("kafka:x/t");
        assertThat(read.payload()).containsExactly(3);
    }

    @Test
    void aClientsMessageHasNoOrigin() {
        BrokerMessage m = new BrokerMessage("a", new byte[0], 0, false, "c", 1, 0,
                BrokerMessage.ForwardedProperties.NONE);
        assertThat(roundTrip(m).origin()).isNull();
    }
}
