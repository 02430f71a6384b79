package io.tributary.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Apache's in-process KRaft cluster: one combined broker/controller node with three client
 * listeners: PLAINTEXT, SASL_PLAINTEXT/PLAIN and SASL_SSL/PLAIN (certificate made by the test,
 * SAN localhost; users: {@value #USER} / {@value #PASSWORD}); or, for tests of replication,
 * {@link #replicated(int) several brokers} and a separate controller on PLAINTEXT.
 */
public final class TestCluster implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "alice-pw-42";
    static final String SASL_PLAIN = "SASL_PLAIN";
    static final String SASL_TLS = "SASL_TLS";

    private final KafkaClusterTestKit kit;
    private final TlsCertificate certificate;
    private final Path tlsDir;

    private TestCluster(KafkaClusterTestKit kit, TlsCertificate certificate, Path tlsDir) {
        this.kit = kit;
        this.certificate = certificate;
        this.tlsDir = tlsDir;
    }

    /** A cluster with only the default PLAINTEXT listener. */
    public static TestCluster plain() throws Exception {
        return start(false);
    }

    /** A cluster with PLAINTEXT, SASL_PLAINTEXT and SASL_SSL listeners. */
    public static TestCluster withSecurity() throws Exception {
        return start(true);
    }

    /**
     * {@code brokers} broker nodes (ids 0, 1, ...) and one controller node of their own, so that a
     * broker can stop while the cluster's metadata goes on. Every topic, the offsets and transaction
     * topics included, has a replica on each broker and takes an {@code acks=all} write while two
     * replicas are in sync: one broker may be lost without losing what was acknowledged.
     */
    public static TestCluster replicated(int brokers) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false)
                .setNumBrokerNodes(brokers).setNumControllerNodes(1).build();
        String replicas = String.valueOf(brokers);
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1")
                .setConfigProp("default.replication.factor", replicas)
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("offsets.topic.replication.factor", replicas)
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", replicas)
                .setConfigProp("transaction.state.log.min.isr", "2")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new TestCluster(kit, null, null);
    }

    private static TestCluster start(boolean security) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1")
                // one broker: the consumer groups' offsets topic must fit on it (Kafka to MQTT commits there)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1");
        TlsCertificate cert = null;
        Path tlsDir = null;
        if (security) {
            tlsDir = TlsCertificate.tempDir();
            cert = TlsCertificate.localhost(tlsDir, "broker");
            String external = nodes.brokerListenerName().value();
            String controller = nodes.controllerListenerName().value();
            String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"admin\" password=\"admin-pw\" user_admin=\"admin-pw\" "
                    + "user_" + USER + "=\"" + PASSWORD + "\";";
            // port 0: the broker advertises the port it bound
            builder.setConfigProp("listeners", external + "://localhost:0," + controller + "://localhost:0,"
                            + SASL_PLAIN + "://localhost:0," + SASL_TLS + "://localhost:0")
                    .setConfigProp("listener.security.protocol.map", external + ":PLAINTEXT," + controller
                            + ":PLAINTEXT," + SASL_PLAIN + ":SASL_PLAINTEXT," + SASL_TLS + ":SASL_SSL");
            for (String l : List.of(SASL_PLAIN, SASL_TLS)) {
                String prefix = "listener.name." + l.toLowerCase() + ".";
                builder.setConfigProp(prefix + "sasl.enabled.mechanisms", "PLAIN")
                        .setConfigProp(prefix + "plain.sasl.jaas.config", jaas);
            }
            String tls = "listener.name." + SASL_TLS.toLowerCase() + ".";
            builder.setConfigProp(tls + "ssl.keystore.location", cert.keystore().toString())
                    .setConfigProp(tls + "ssl.keystore.password", cert.password())
                    .setConfigProp(tls + "ssl.key.password", cert.password())
                    .setConfigProp(tls + "ssl.keystore.type", "PKCS12");
        }
        KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new TestCluster(kit, cert, tlsDir);
    }

    public String bootstrap() {
        return kit.bootstrapServers();
    }

    public String saslPlaintextBootstrap() {
        return "localhost:" + broker().boundPort(new ListenerName(SASL_PLAIN));
    }

    public String saslSslBootstrap() {
        return "localhost:" + broker().boundPort(new ListenerName(SASL_TLS));
    }

    public TlsCertificate certificate() {
        return certificate;
    }

    /** The seed's JAAS line for a PLAIN user. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private BrokerServer broker() {
        return kit.brokers().values().iterator().next();
    }

    public void stopBroker() {
        broker().shutdown();
    }

    public void startBroker() throws Exception {
        broker().startup();
        kit.waitForReadyBrokers();
    }

    /** Stops broker {@code id} as an operator would (controlled shutdown: its leaderships move first). */
    public void stopBroker(int id) {
        BrokerServer broker = kit.brokers().get(id);
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** The topics whose names start with {@code prefix}. */
    public Set<String> topics(String prefix) throws Exception {
        try (Admin admin = kit.admin()) {
            Set<String> names = new TreeSet<>(admin.listTopics().names().get());
            names.removeIf(n -> !n.startsWith(prefix));
            return names;
        }
    }

    /** The leading broker's id of each partition of {@code topic}, by partition. */
    public Map<Integer, Integer> leaders(String topic) throws Exception {
        try (Admin admin = kit.admin()) {
            Map<Integer, Integer> leaders = new TreeMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id()));
            return leaders;
        }
    }

    /** Creates {@code topic} (one replica) and waits until every partition has a leader that serves requests. */
    public void createTopic(String topic, int partitions) throws Exception {
        createTopic(topic, partitions, (short) 1);
    }

    /** Creates {@code topic} and waits until every partition has a leader that serves requests. */
    public void createTopic(String topic, int partitions, short replicas) throws Exception {
        try (Admin admin = kit.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all().get();
            Map<TopicPartition, OffsetSpec> all = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                all.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                try {
                    // answered by each partition's leader: fails until the broker has applied the new metadata
                    admin.listOffsets(all).all().get();
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Reads the topic from the beginning until {@code count} records arrived or {@code timeout} passed. */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
        return consumeUntil(topic, records -> records.size() >= count, timeout);
    }

    /**
     * Reads the topic from the beginning until {@code done} holds for what arrived (asked after
     * each poll) or {@code timeout} passed.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeUntil(String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Compression codecs of the batches stored for partition 0 of {@code topic}, read from the log files. */
    public Set<String> storedCompression(String topic) throws Exception {
        Set<String> codecs = new TreeSet<>();
        storedBatches(topic, batch -> codecs.add(batch.compressionType().name));
        return codecs;
    }

    /**
     * Producer ids of the batches stored for partition 0 of {@code topic}, read from the log files:
     * {@link RecordBatch#NO_PRODUCER_ID} (-1) for batches of a producer that is not idempotent.
     */
    public List<Long> storedProducerIds(String topic) throws Exception {
        List<Long> ids = new ArrayList<>();
        storedBatches(topic, batch -> ids.add(batch.producerId()));
        return ids;
    }

    private void storedBatches(String topic, Consumer<RecordBatch> each) throws Exception {
        String dir = kit.nodes().brokerNodes().values().iterator().next().logDataDirectories().iterator().next();
        Path partitionDir = Path.of(dir, topic + "-0");
        List<File> logs;
        try (Stream<Path> files = Files.list(partitionDir)) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().map(Path::toFile).toList();
        }
        for (File log : logs) {
            try (FileRecords records = FileRecords.open(log)) {
                for (RecordBatch batch : records.batches()) {
                    each.accept(batch);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        kit.close();
        if (tlsDir != null) {
            try (Stream<Path> files = Files.walk(tlsDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
