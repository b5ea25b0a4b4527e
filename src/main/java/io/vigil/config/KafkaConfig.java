package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the job reads and writes (the {@code kafka.*} keys).
 *
 * @param changesTopic change events (deploys, config changes) to annotate incidents; empty = none
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        String startingOffsets,
        List<String> metricsTopics,
        String anomaliesTopic,
        String incidentsTopic,
        String alertsTopic,
        String deadLetterTopic,
        String changesTopic,
        boolean exactlyOnce,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Map<String, String> clientProperties)
        implements Serializable {

    /** The job's output topics (anomalies, incidents, alerts, dead letters): what a new cluster must create. */
    public List<String> outputTopics() {
        return List.of(anomaliesTopic, incidentsTopic, alertsTopic, deadLetterTopic);
    }

    /** The same settings reading change events from {@code topic}. */
    public KafkaConfig withChangesTopic(String topic) {
        return new KafkaConfig(bootstrapServers, groupId, startingOffsets, metricsTopics, anomaliesTopic,
                incidentsTopic, alertsTopic, deadLetterTopic, topic, exactlyOnce, transactionalIdPrefix,
                transactionTimeout, clientProperties);
    }

    /** The same settings pointed at other brokers (the demo and tests start their own). */
    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(servers, groupId, startingOffsets, metricsTopics, anomaliesTopic,
                incidentsTopic, alertsTopic, deadLetterTopic, changesTopic, exactlyOnce, transactionalIdPrefix,
                transactionTimeout, clientProperties);
    }
}
