package io.tributary.kafka.source;

import org.apache.kafka.common.ClusterResource;
import org.apache.kafka.common.ClusterResourceListener;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The value deserializer, which also learns the cluster id: Kafka tells deserializers that listen
 * before it returns the first records, so every published message can name its cluster (origin).
 */
final class ClusterIdListener extends ByteArrayDeserializer implements ClusterResourceListener {
    private volatile String clusterId;

    @Override
    public void onUpdate(ClusterResource clusterResource) {
        if (clusterResource != null && clusterResource.clusterId() != null) {
            clusterId = clusterResource.clusterId();
        }
    }

    String clusterId() {
        return clusterId;
    }
}
