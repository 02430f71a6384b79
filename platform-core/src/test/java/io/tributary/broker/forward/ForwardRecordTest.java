package io.tributary.broker.forward;

import io.tributary.broker.message.BrokerMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records of a node's log, both kinds. */
class ForwardRecordTest {
    private static final BrokerMessage MESSAGE = new BrokerMessage("plant/line-1", "21.5".getBytes(StandardCharsets.UTF_8),
            1, true, "pub-a", 1234, 0, new BrokerMessage.ForwardedProperties(null, "text/plain", null, null,
            List.of(Map.entry("k", "v"))));

    private static void assertSameMessage(BrokerMessage back) {
        assertThat(back.topic()).isEqualTo("plant/line-1");
        assertThat(back.payload()).isEqualTo(MESSAGE.payload());
        assertThat(back.qos()).isEqualTo(1);
        assertThat(back.retain()).isTrue();
        assertThat(back.publisherId()).isEqualTo("pub-a");
        assertThat(back.receivedAt()).isEqualTo(1234);
        assertThat(back.properties().contentType()).isEqualTo("text/plain");
        assertThat(back.properties().userProperties()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void aRecordForEverySubscriberKeepsTheFormatOlderNodesRead() {
        byte[] record = ForwardRecord.all(ForwardRecord.message(MESSAGE));
        assertThat(record[0]).isEqualTo((byte) 1);
        ForwardRecord.Forward back = ForwardRecord.decode(record);
        assertThat(back.unshared()).isTrue();
        assertThat(back.groups()).as("every share group with a member there").isNull();
        assertSameMessage(back.message());
    }

    @Test
    void aRecordNamesTheShareGroupsTheNodeWasChosenFor() {
        byte[] body = ForwardRecord.message(MESSAGE);
        ForwardRecord.Forward back = ForwardRecord.decode(
                ForwardRecord.chosen(false, List.of("$share/g/plant/#", "$share/ü/+/line-1"), body));
        assertThat(back.unshared()).isFalse();
        assertThat(back.groups()).containsExactlyInAnyOrder("$share/g/plant/#", "$share/ü/+/line-1");
        assertSameMessage(back.message());

        back = ForwardRecord.decode(ForwardRecord.chosen(true, List.of(), body));
        assertThat(back.unshared()).isTrue();
        assertThat(back.groups()).as("no group: their members are served elsewhere").isEmpty();
        assertSameMessage(back.message());
    }

    @Test
    void aKindFromANewerVersionIsSkippedAndABrokenRecordIsRefused() {
        byte[] record = ForwardRecord.chosen(true, List.of("$share/g/plant/#"), ForwardRecord.message(MESSAGE));
        byte[] newer = record.clone();
        newer[0] = 9;
        assertThat(ForwardRecord.decode(newer)).isNull();
        assertThat(ForwardRecord.decode(new byte[0])).isNull();
        byte[] cut = java.util.Arrays.copyOf(record, 8);
        assertThatThrownBy(() -> ForwardRecord.decode(cut)).isInstanceOf(RuntimeException.class);
        byte[] lying = record.clone();
        lying[2] = 100; // more groups than bytes
        assertThatThrownBy(() -> ForwardRecord.decode(lying)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMovingSessionAndItsRelayedMessagesRoundTrip() {
        byte[] image = {0, 0, 0, 3, 1, 2, 3};
        byte[] record = ForwardRecord.session("cl\u00fcent-1", image);
        assertThat(ForwardRecord.kind(record)).isEqualTo(ForwardRecord.SESSION);
        ForwardRecord.MovedSession s = ForwardRecord.decodeSession(record);
        assertThat(s.clientId()).isEqualTo("cl\u00fcent-1");
        assertThat(s.image()).isEqualTo(image);

        byte[] relayed = ForwardRecord.delivery("client-1",
                new io.tributary.broker.session.Delivery(MESSAGE, 1, true, new int[]{7, 300}));
        assertThat(ForwardRecord.kind(relayed)).isEqualTo(ForwardRecord.DELIVERY);
        ForwardRecord.MovedDelivery d = ForwardRecord.decodeDelivery(relayed);
        assertThat(d.clientId()).isEqualTo("client-1");
        assertThat(d.delivery().qos()).isEqualTo(1);
        assertThat(d.delivery().retain()).isTrue();
        assertThat(d.delivery().subscriptionIds()).containsExactly(7, 300);
        assertSameMessage(d.delivery().message());
        assertThat(ForwardRecord.decode(relayed)).as("an older reader skips the new kinds").isNull();

        byte[] lying = relayed.clone();
        lying[1 + 1 + "client-1".length() + 2] = 100; // more subscription ids than bytes
        assertThatThrownBy(() -> ForwardRecord.decodeDelivery(lying)).isInstanceOf(IllegalArgumentException.class);
    }
}
