package io.tributary.broker.scratch;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.tributary.broker.*;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchTest {
    @RepeatedTest(40)
    void rap() throws Exception {
        try (TestBroker broker = TestBroker.start();
             Clients.HiveV5 keep = new Clients.HiveV5(broker.tcpPort(), "keep");
             Clients.HiveV5 clear = new Clients.HiveV5(broker.tcpPort(), "clear");
             Clients.TestClient pub = Clients.Kind.PAHO_V5.connect(broker, "pub")) {
            keep.client.subscribeWith().topicFilter("rap/#").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND).retainAsPublished(true).send();
            clear.client.subscribeWith().topicFilter("rap/#").qos(MqttQos.AT_LEAST_ONCE).retainHandling(Mqtt5RetainHandling.SEND).retainAsPublished(false).send();
            System.out.println("SUBS " + broker.core().sessions().get("clear").subscriptions() + " " + broker.core().sessions().get("keep").subscriptions());
            pub.publish("rap/x", "retained", 1, true);
            Clients.Received k = keep.take(1).get(0);
            Clients.Received c = clear.take(1).get(0);
            System.out.println("GOT keep=" + k.retain() + " clear=" + c.retain() + " " + c.raw());
            assertThat(k.retain()).isTrue();
            assertThat(c.retain()).isFalse();
        }
    }
}
