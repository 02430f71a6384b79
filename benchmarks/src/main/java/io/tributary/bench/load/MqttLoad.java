package io.tributary.bench.load;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MQTT 5 publishers and subscribers (HiveMQ MQTT client, a library we did not write) against one
 * broker: subscribe first, then publish through a {@link LoadEngine}, then disconnect.
 */
public final class MqttLoad {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private MqttLoad() {
    }

    public static LoadResult run(String target, String host, int port, Topology topology, LoadSpec spec,
                                 PrintStream progress) throws Exception {
        return run(target, host, port, topology, spec, progress, true);
    }

    /** As {@link #run(String, String, int, Topology, LoadSpec, PrintStream)}, letting {@code setup} see the engine first. */
    public static LoadResult run(String target, String host, int port, Topology topology, LoadSpec spec,
                                 PrintStream progress, java.util.function.Consumer<LoadEngine> setup) throws Exception {
        LoadEngine engine = new LoadEngine(target, topology, spec, progress);
        setup.accept(engine);
        return runWith(engine, target, host, port, topology, spec, true, null);
    }

    /**
     * @param subscribe false when the receivers are elsewhere (MQTT → Kafka: a Kafka consumer
     *                  calls {@link LoadEngine#arrived}); use {@link #publishOnly} then
     */
    static LoadResult run(String target, String host, int port, Topology topology, LoadSpec spec,
                          PrintStream progress, boolean subscribe) throws Exception {
        LoadEngine engine = new LoadEngine(target, topology, spec, progress);
        return runWith(engine, target, host, port, topology, spec, subscribe, null);
    }

    /** Publishers only, feeding an engine whose receivers are set up by the caller. */
    public static LoadResult publishOnly(LoadEngine engine, String target, String host, int port, Topology topology,
                                         LoadSpec spec) throws Exception {
        return runWith(engine, target, host, port, topology, spec, false, null);
    }

    /**
     * As {@link #publishOnly(LoadEngine, String, String, int, Topology, LoadSpec)} with the
     * publishers' client ids given (e.g. {@link ClientIds#spread}), one per publisher topic.
     */
    public static LoadResult publishOnly(LoadEngine engine, String target, String host, int port, Topology topology,
                                         LoadSpec spec, List<String> clientIds) throws Exception {
        if (clientIds.size() != topology.publisherTopics().size()) {
            throw new IllegalArgumentException(clientIds.size() + " client ids for "
                    + topology.publisherTopics().size() + " publishers");
        }
        return runWith(engine, target, host, port, topology, spec, false, clientIds);
    }

    private static LoadResult runWith(LoadEngine engine, String target, String host, int port, Topology topology,
                                      LoadSpec spec, boolean subscribe, List<String> clientIds) throws Exception {
        String run = "r" + RUNS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        MqttQos qos = MqttQos.fromCode(spec.qos());
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        try {
            if (subscribe) {
                for (int r = 0; r < topology.receiverFilters().size(); r++) {
                    int receiver = r;
                    Mqtt5AsyncClient sub = connect(host, port, "bench-sub-" + run + "-" + r);
                    clients.add(sub);
                    sub.subscribeWith().topicFilter(topology.receiverFilters().get(r)).qos(qos)
                            .callback((Mqtt5Publish p) -> engine.received(receiver, p.getPayload().orElseThrow()))
                            .send().get(10, TimeUnit.SECONDS);
                }
            }
            List<Sender> senders = new ArrayList<>();
            for (int i = 0; i < topology.publisherTopics().size(); i++) {
                Mqtt5AsyncClient pub = connect(host, port,
                        clientIds == null ? "bench-pub-" + run + "-" + i : clientIds.get(i));
                clients.add(pub);
                String topic = topology.publisherTopics().get(i);
                senders.add(payload -> pub.publishWith().topic(topic).qos(qos).payload(payload).send());
            }
            return engine.run(senders);
        } finally {
            List<CompletableFuture<Void>> closing = new ArrayList<>();
            for (Mqtt5AsyncClient c : clients) {
                closing.add(c.disconnect().exceptionally(e -> null));
            }
            try {
                CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static Mqtt5AsyncClient connect(String host, int port, String id) throws Exception {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost(host).serverPort(port).buildAsync();
        c.connectWith().cleanStart(true).keepAlive(60).send().get(15, TimeUnit.SECONDS);
        return c;
    }
}
