package io.tributary.kafka.check;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.kafka.config.KafkaSettings;
import io.tributary.kafka.config.KafkaSecrets;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.kafka.producer.ClientProperties;
import io.tributary.kafka.producer.PluginClassLoader;
import io.tributary.kafka.record.RecordFactory;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.message.IntegrationMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Check connection: shows the record the sample message would produce, then asks the cluster
 * (bootstrap reachable, authentication, topic and its partition count). Every call is bounded
 * by the input's timeout; the Admin client is closed before returning.
 */
public final class ConnectionCheck {
    public static final String STEP_CONFIGURATION = "configuration";
    public static final String STEP_SAMPLE = "sample record";
    public static final String STEP_BOOTSTRAP = "bootstrap reachable";
    public static final String STEP_AUTHENTICATION = "authentication";
    public static final String STEP_TOPIC = "topic exists";


    private final CheckInput input;
    private final CheckOutput output;
    private final CheckDeadline deadline;

    private ConnectionCheck(CheckInput input, CheckOutput output) {
        this.input = input;
        this.output = output;
        this.deadline = new CheckDeadline(input.timeout());
    }

    public static void run(CheckInput input, CheckOutput output) {
        new ConnectionCheck(input, output).run();
    }

    private void run() {
        KafkaSettings settings;
        RecordFactory records;
        IntegrationMessage sample = input.sampleMessage();
        try {
            settings = KafkaSettings.from(input.config());
            // the executor runs in the broker's process today: the sample's node is both
            records = RecordFactory.create(settings,
                    new RecordContext(input.integrationName(), input.metadata(), sample.brokerNodeId()));
        } catch (IllegalArgumentException e) {
            output.step(STEP_CONFIGURATION, false, e.getMessage());
            return;
        }
        String topic = null;
        try {
            ProducerRecord<byte[], byte[]> record = records.build(sample);
            output.sampleRecord(SampleRecord.describe(record, records));
            topic = record.topic();
        } catch (UnsendableMessageException e) {
            output.step(STEP_SAMPLE, false, e.getMessage());
        }
        Redactor redactor = KafkaSecrets.redactor(settings.otherProperties());
        Admin admin;
        try {
            admin = PluginClassLoader.call(() -> Admin.create(ClientProperties.admin(settings,
                    settings.clientIdPrefix() + "-check-" + UUID.randomUUID(), Duration.ofMillis(remainingMs()))));
        } catch (RuntimeException e) {
            output.step(STEP_CONFIGURATION, false, redactor.describe(e));
            return;
        }
        try {
            if (clusterAnswers(admin, settings, redactor) && topic != null) {
                describeTopic(admin, topic, redactor);
            }
        } finally {
            admin.close(deadline.forClose());
        }
    }

    private boolean clusterAnswers(Admin admin, KafkaSettings settings, Redactor redactor) {
        try {
            DescribeClusterResult r = admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs()));
            int brokers = get(r.nodes()).size();
            String clusterId = get(r.clusterId());
            output.step(STEP_BOOTSTRAP, true, "cluster " + clusterId + ", " + brokers + (brokers == 1 ? " broker" : " brokers"));
            output.step(STEP_AUTHENTICATION, true, securityDetail(settings));
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthenticationException) {
                output.step(STEP_BOOTSTRAP, true, "connected to " + settings.bootstrapServers());
                output.step(STEP_AUTHENTICATION, false, redactor.describe(cause));
            } else {
                notReachable(redactor.describe(cause));
            }
        } catch (TimeoutException e) {
            notReachable("no answer within the check's time limit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notReachable("interrupted");
        }
        return false;
    }

    private void notReachable(String why) {
        output.step(STEP_BOOTSTRAP, false, why);
        output.step(STEP_AUTHENTICATION, false, "not attempted: the cluster did not answer");
    }

    private void describeTopic(Admin admin, String topic, Redactor redactor) {
        try {
            TopicDescription d = get(admin.describeTopics(List.of(topic),
                    new DescribeTopicsOptions().timeoutMs(remainingMs())).topicNameValues().get(topic));
            int partitions = d.partitions().size();
            output.step(STEP_TOPIC, true, topic + ": " + partitions + (partitions == 1 ? " partition" : " partitions"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            output.step(STEP_TOPIC, false, cause instanceof UnknownTopicOrPartitionException
                    ? "topic '" + topic + "' does not exist (the cluster creates it on first write only if "
                            + "auto.create.topics.enable is on)"
                    : redactor.describe(cause));
        } catch (TimeoutException e) {
            output.step(STEP_TOPIC, false, "no answer within the check's time limit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.step(STEP_TOPIC, false, "interrupted");
        }
    }

    private static String securityDetail(KafkaSettings settings) {
        String protocol = settings.otherProperties().getOrDefault("security.protocol", "PLAINTEXT");
        String mechanism = settings.otherProperties().get("sasl.mechanism");
        if (protocol.toUpperCase().startsWith("SASL")) {
            return protocol + " with SASL mechanism " + (mechanism == null ? "GSSAPI" : mechanism);
        }
        return protocol + (protocol.equalsIgnoreCase("SSL") ? " (TLS)" : " (no authentication)");
    }

    private <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(remainingMs(), TimeUnit.MILLISECONDS);
    }

    private int remainingMs() {
        return deadline.remainingMs();
    }
}
