package io.tributary.kafka.cluster;

import io.tributary.kafka.producer.PluginClassLoader;
import io.tributary.plugin.api.cluster.SharedLogProvider;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.config.FieldError;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;

/**
 * Kafka as the shared log of a Tributary cluster: each log is a topic ({@code tributary.<name>}),
 * appended with acks=all by an idempotent producer, read by consumer groups with manual commits.
 * Turned on by {@code cluster.kafka.bootstrap-servers}.
 */
@Extension
public final class KafkaSharedLogProvider implements SharedLogProvider {
    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String settingsPrefix() {
        return ClusterSettings.PREFIX;
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        // Kafka's config classes resolve their default classes through the context loader
        return PluginClassLoader.call(() -> ClusterSettings.validate(settings));
    }

    @Override
    public SharedLogs open(Map<String, String> settings) {
        ClusterSettings s = ClusterSettings.from(settings);
        return PluginClassLoader.call(() -> new KafkaSharedLogs(s));
    }
}
