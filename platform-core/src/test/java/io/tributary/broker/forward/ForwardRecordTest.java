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
        newer[0] = 3;
        assertThat(ForwardRecord.decode(newer)).isNull();
        assertThat(ForwardRecord.decode(new byte[0])).isNull();
        byte[] cut = java.util.Arrays.copyOf(record, 8);
        assertThatThrownBy(() -> ForwardRecord.decode(cut)).isInstanceOf(RuntimeException.class);
        byte[] lying = record.clone();
        lying[2] = 100; // more groups than bytes
        assertThatThrownBy(() -> ForwardRecord.decode(lying)).isInstanceOf(IllegalArgumentException.class);
    }
}
