package io.tributary.broker.routing;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.topic.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Which integrations a publish reaches, and when its publisher may be acknowledged. */
class IntegrationRoutesTest {
    private final IntegrationRoutes routes = new IntegrationRoutes();

    private static BrokerMessage message(String topic) {
        return new BrokerMessage(topic, "x".getBytes(StandardCharsets.UTF_8), 1, false, "dev", 0, 0,
                BrokerMessage.ForwardedProperties.NONE);
    }

    private CompletableFuture<Void> dispatch(BrokerMessage m) {
        return routes.dispatch(m, Topics.levels(m.topic()));
    }

    /** Records what it is offered; answers with the future a test gives it. */
    private static final class Sink implements IntegrationSink {
        final List<String> offered = new ArrayList<>();
        CompletableFuture<Void> answer = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<Void> offer(BrokerMessage m) {
            offered.add(m.topic());
            return answer;
        }
    }

    @Test
    void eachMatchingIntegrationGetsAPublishOnceWhateverNumberOfItsFiltersMatch() {
        Sink a = new Sink();
        Sink b = new Sink();
        Sink c = new Sink();
        routes.register("a", List.of("site/#", "site/+/temp"), a);
        routes.register("b", List.of("site/1/temp"), b);
        routes.register("c", List.of("other/#"), c);

        assertThat(dispatch(message("site/1/temp"))).isDone();
        assertThat(dispatch(message("site/2/hum"))).isDone();
        assertThat(dispatch(message("nowhere"))).isDone();

        assertThat(a.offered).containsExactly("site/1/temp", "site/2/hum");
        assertThat(b.offered).containsExactly("site/1/temp");
        assertThat(c.offered).isEmpty();
    }

    @Test
    void thePublisherWaitsForEveryMatchingIntegrationThatHasNoRoomYet() {
        Sink full = new Sink();
        full.answer = new CompletableFuture<>();
        Sink roomy = new Sink();
        routes.register("full", List.of("t/#"), full);
        routes.register("roomy", List.of("t/+"), roomy);

        CompletableFuture<Void> both = dispatch(message("t/1"));
        assertThat(both).isNotDone();
        full.answer.complete(null);
        assertThat(both).isDone();

        routes.unregister("roomy");
        CompletableFuture<Void> single = new CompletableFuture<>();
        full.answer = single;
        assertThat(dispatch(message("t/2"))).as("one matching integration: its own future").isNotDone();
        single.complete(null);
        assertThat(dispatch(message("t/3"))).isDone();
    }
}
