package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.log.LogRecord;
import io.tributary.integration.runtime.IntegrationChannel.Attempt;
import io.tributary.plugin.api.message.IntegrationMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightDeliveriesTest {
    private static final long TIMEOUT = 1_000;
    private final List<Object[]> finished = new ArrayList<>();
    private final InFlightDeliveries deliveries = new InFlightDeliveries(TIMEOUT, 4,
            (attempt, message, error) -> finished.add(new Object[]{attempt.record().offset(), error}));

    private static Attempt attempt(long offset) {
        BrokerMessage m = new BrokerMessage("t", new byte[0], 1, false, "c", 0, 0,
                BrokerMessage.ForwardedProperties.NONE);
        return new Attempt(new LogRecord(offset, m, 1), 0, 0);
    }

    private static IntegrationMessage message() {
        return IntegrationMessage.builder().topic("t").payload(new byte[0]).build();
    }

    @Test
    void aDeliveryFinishesOnceWithItsStagesOutcome() {
        CompletableFuture<Void> stage = new CompletableFuture<>();
        stage.whenComplete(deliveries.start(attempt(7), message(), 0));
        stage.complete(null);
        deliveries.sweep(TIMEOUT * 5); // already finished: the timeout does not fire a second time

        assertThat(finished).hasSize(1);
        assertThat(finished.get(0)).containsExactly(7L, null);
        assertThat(deliveries.tracked()).isZero();
    }

    @Test
    void aDeliveryPastTheTimeoutFailsWithATimeoutAndItsLateAnswerIsIgnored() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        CompletableFuture<Void> recent = new CompletableFuture<>();
        slow.whenComplete(deliveries.start(attempt(1), message(), 0));
        recent.whenComplete(deliveries.start(attempt(2), message(), TIMEOUT / 2));

        deliveries.sweep(TIMEOUT);
        slow.complete(null);

        assertThat(finished).hasSize(1);
        assertThat(finished.get(0)[0]).isEqualTo(1L);
        assertThat(finished.get(0)[1]).isInstanceOf(TimeoutException.class);
        recent.completeExceptionally(new IllegalStateException("refused"));
        assertThat(finished).hasSize(2);
        assertThat(finished.get(1)[1]).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void finishedDeliveriesBehindASlowOneAreForgotten() {
        CompletableFuture<Void> stuck = new CompletableFuture<>();
        stuck.whenComplete(deliveries.start(attempt(0), message(), 0));
        for (int i = 1; i <= 5_000; i++) {
            CompletableFuture.<Void>completedFuture(null).whenComplete(deliveries.start(attempt(i), message(), 1));
        }
        deliveries.sweep(2);

        assertThat(finished).hasSize(5_000);
        assertThat(deliveries.tracked()).isEqualTo(1); // only the stuck one is still tracked
    }
}
