package io.tributary.broker.persistence;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Outbound;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.SessionJournal;
import io.tributary.broker.session.Subscription;
import io.tributary.broker.topic.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session to bytes and back into a session that resumes exactly where the first one was. */
class SessionImageCodecTest {

    /** Records what a session sends: "publish id payload dup" and "pubrel id". */
    private static final class Wire implements Outbound {
        final List<String> sent = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();
        private final int limit;

        Wire(int limit) {
            this.limit = limit;
        }

        @Override
        public boolean sendPublish(int packetId, Delivery d, boolean dup) {
            ids.add(packetId);
            sent.add("publish " + packetId + " " + new String(d.message().payload(), StandardCharsets.UTF_8)
                    + " qos" + d.qos() + (dup ? " dup" : ""));
            return true;
        }

        @Override
        public void sendPubrel(int packetId) {
            sent.add("pubrel " + packetId);
        }

        @Override
        public int inflightLimit() {
            return limit;
        }
    }

    private static Delivery delivery(String payload, int qos) {
        BrokerMessage m = new BrokerMessage("plant/line-1", payload.getBytes(StandardCharsets.UTF_8), qos, false,
                "publisher-7", 1_700_000_000_000L, 0, BrokerMessage.ForwardedProperties.NONE);
        return new Delivery(m, qos, false, new int[]{5});
    }

    @Test
    void subscriptionsMessagesInFlightReleasedAndInboundIdsSurviveTheTrip() {
        Session original = new Session("device-1", 100);
        original.expirySeconds(3600);
        original.putSubscription(new Subscription("device-1", Topics.parseFilter("plant/#"), 2, true, true, 2, 5));
        original.putSubscription(new Subscription("device-1", Topics.parseFilter("$share/g/alarms/+"), 1, false,
                false, 0, 0));
        Wire first = new Wire(2);
        original.attach(first);
        original.offer(delivery("m0", 1));
        original.offer(delivery("m1", 2));
        original.offer(delivery("m2", 1)); // beyond the in-flight window: queued
        original.offer(delivery("m3", 2));
        assertThat(original.pubrec(first.ids.get(1), false)).isTrue(); // m1 now awaits PUBCOMP
        original.inboundQos2(7);
        original.detach(first);

        BrokerImage.SessionImage image = SessionImageCodec.decode(SessionImageCodec.encode(original));

        assertThat(image.clientId()).isEqualTo("device-1");
        assertThat(image.expirySeconds()).isEqualTo(3600);
        assertThat(image.subscriptions()).extracting(s -> s.filter().raw(), Subscription::qos, Subscription::noLocal,
                        Subscription::retainAsPublished, Subscription::retainHandling, Subscription::subscriptionId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("plant/#", 2, true, true, 2, 5),
                        org.assertj.core.groups.Tuple.tuple("$share/g/alarms/+", 1, false, false, 0, 0));
        assertThat(image.subscriptions().get(1).filter().shareGroup()).isEqualTo("g");
        assertThat(image.messages()).extracting(m -> new String(m.delivery().message().payload(), StandardCharsets.UTF_8),
                        Session.StoredMessage::packetId, Session.StoredMessage::released)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m0", first.ids.get(0), false),
                        org.assertj.core.groups.Tuple.tuple("m1", first.ids.get(1), true),
                        org.assertj.core.groups.Tuple.tuple("m2", 0, false),
                        org.assertj.core.groups.Tuple.tuple("m3", 0, false));
        Delivery m0 = image.messages().get(0).delivery();
        assertThat(m0.message().publisherId()).isEqualTo("publisher-7");
        assertThat(m0.message().receivedAt()).isEqualTo(1_700_000_000_000L);
        assertThat(m0.subscriptionIds()).containsExactly(5);
        assertThat(image.inbound()).containsExactly(7);

        // the copy resumes as the original would: in-flight re-sent with their ids, then the queue
        Session copy = new Session("device-1", 100);
        copy.restore(image.messages(), image.inbound(), SessionJournal.NONE);
        Wire second = new Wire(3);
        copy.attach(second);
        assertThat(second.sent).containsExactly(
                "publish " + first.ids.get(0) + " m0 qos1 dup",
                "pubrel " + first.ids.get(1),
                "publish " + second.ids.get(1) + " m2 qos1");
        assertThat(second.ids.get(1)).isNotIn(first.ids.get(0), first.ids.get(1));
        assertThat(copy.inboundQos2(7)).as("a re-sent inbound QoS 2 packet is still known").isEqualTo(Session.DUPLICATE);
    }

    @Test
    void bytesThatAreNotOneSessionAreRefused() {
        Session s = new Session("device-2", 10);
        s.putSubscription(new Subscription("device-2", Topics.parseFilter("a/b"), 1, false, false, 0, 0));
        byte[] bytes = SessionImageCodec.encode(s);
        assertThatThrownBy(() -> SessionImageCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session image");
        assertThatThrownBy(() -> SessionImageCodec.decode(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 sessions");
    }
}
