package io.tributary.admin.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.admin.AdminFixture;
import io.tributary.admin.Bodies;
import io.tributary.metrics.PlatformMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's figures from the platform's real meter registry: broker meters read by their
 * agreed names and summed over their tags, rates from the samples the server keeps, "n/a" while
 * a meter is not registered.
 */
class DashboardTest {
    @TempDir
    Path dir;
    AdminFixture admin;
    PlatformMetrics metrics;
    Dashboard dashboard;

    @BeforeEach
    void start() {
        admin = AdminFixture.start(dir);
        metrics = new PlatformMetrics("test-node");
        dashboard = new Dashboard(admin.service, admin.runtime, admin.events, metrics.registry());
    }

    @AfterEach
    void stop() {
        dashboard.close();
        metrics.close();
        admin.close();
    }

    @Test
    void withoutBrokerMetersEveryBrokerFigureIsNotAvailable() {
        dashboard.sample();
        DashboardView.Broker b = dashboard.view().broker();
        assertThat(b.messagesReceived()).isNull();
        assertThat(b.receivedPerSecond()).isNull();
        assertThat(b.connections()).isNull();
        assertThat(b.sessionsOnline()).isNull();
    }

    @Test
    void brokerMetersAreSummedOverTheirTagsAndRatesComeFromTheKeptSamples() throws Exception {
        MeterRegistry r = metrics.registry();
        Counter qos0 = Counter.builder("tributary.mqtt.messages.received").tag("qos", "0").register(r);
        Counter qos1 = Counter.builder("tributary.mqtt.messages.received").tag("qos", "1").register(r);
        Counter sent = Counter.builder("tributary.mqtt.messages.sent").tag("qos", "1").register(r);
        AtomicLong tcp = new AtomicLong(3);
        AtomicLong ws = new AtomicLong(2);
        Gauge.builder("tributary.mqtt.connections", tcp, AtomicLong::get).tags("listener", "tcp", "protocol", "5.0")
                .register(r);
        Gauge.builder("tributary.mqtt.connections", ws, AtomicLong::get).tags("listener", "ws", "protocol", "3.1.1")
                .register(r);
        Gauge.builder("tributary.mqtt.sessions", () -> 4).tag("state", "online").register(r);
        Gauge.builder("tributary.mqtt.sessions", () -> 7).tag("state", "offline").register(r);

        qos0.increment(5);
        dashboard.sample();
        long t0 = System.currentTimeMillis();
        qos0.increment(40);
        qos1.increment(60);
        sent.increment(30);
        Thread.sleep(700);
        dashboard.sample();
        long elapsed = System.currentTimeMillis() - t0;

        DashboardView view = dashboard.view();
        DashboardView.Broker b = view.broker();
        assertThat(b.messagesReceived()).isEqualTo(105);
        assertThat(b.messagesSent()).isEqualTo(30);
        assertThat(b.connections()).isEqualTo(5);
        assertThat(b.sessionsOnline()).isEqualTo(4);
        assertThat(b.sessionsOffline()).isEqualTo(7);
        assertThat(b.dropped()).as("not registered").isNull();
        assertThat(b.droppedPerSecond()).isNull();
        // 100 received since the first sample, over at least 0.7 s and at most the time this test took
        assertThat(b.receivedPerSecond()).isBetween(100_000.0 / (elapsed + 200) - 0.01, 100 / 0.7 + 0.01);
        assertThat(b.sentPerSecond()).isBetween(30_000.0 / (elapsed + 200) - 0.01, 30 / 0.7 + 0.01);
        assertThat(view.series().time()).hasSize(1);
        assertThat(view.series().receivedPerSecond().get(0)).isEqualTo(b.receivedPerSecond(), org.assertj.core.data.Offset.offset(20.0));
    }

    @Test
    void anIntegrationHoldingPublishersBackIsListedWithItsHeldPublishers() {
        String id = admin.api.post("/api/integrations", Bodies.integration("Cold storage")).json().get("id").asString();
        dashboard.sample();
        DashboardView view = dashboard.view();
        // the fake runtime reports a full log with one held publish of three publishers
        assertThat(view.backpressure()).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(id);
            assertThat(h.name()).isEqualTo("Cold storage");
            assertThat(h.heldPublishers()).isEqualTo(3);
            assertThat(h.heldPublishes()).isEqualTo(1);
            assertThat(h.since()).isEqualTo(1_723_800_000_000L);
        });
        assertThat(view.integrations()).singleElement().satisfies(i -> assertThat(i.heldPublishers()).isEqualTo(3));
    }

    @Test
    void aTotalThatWentDownCountsAsNoTrafficNotANegativeRate() {
        assertThat(Rates.perSecond(5L, 10L, 1)).isZero();
        assertThat(Rates.perSecond(30L, 10L, 2)).isEqualTo(10.0);
        assertThat(Rates.perSecond(null, 10L, 2)).isNull();
        assertThat(Rates.perSecond(30L, 10L, 0)).isNull();
    }
}
