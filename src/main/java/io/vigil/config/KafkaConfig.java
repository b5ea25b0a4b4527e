package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the job reads and writes (the {@code kafka.*} keys).
 *
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        String startingOffsets,
        Topics topics,
        boolean exactlyOnce,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Map<String, String> clientProperties)
        implements Serializable {

    /**
     * The topics the job reads and writes.
     *
     * @param changes change events (deploys, config changes) to annotate incidents; empty = none
     */
    public record Topics(List<String> metrics, String anomalies, String incidents, String alerts, String deadLetter,
            String changes) implements Serializable {
        public Topics {
            metrics = List.copyOf(metrics);
        }
    }


    /** The job's output topics (anomalies, incidents, alerts, dead letters): what a new cluster must create. */
    public List<String> outputTopics() {
        return List.of(topics.anomalies(), topics.incidents(), topics.alerts(), topics.deadLetter());
    }

    /** The same settings reading change events from {@code topic}. */
    public KafkaConfig withChangesTopic(String topic) {
        return new KafkaConfig(bootstrapServers, groupId, startingOffsets, new Topics(topics.metrics(),
                topics.anomalies(), topics.incidents(), topics.alerts(), topics.deadLetter(), topic), exactlyOnce,
                transactionalIdPrefix, transactionTimeout, clientProperties);
    }

    /** The same settings pointed at other brokers (the demo and tests start their own). */
    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(servers, groupId, startingOffsets, topics, exactlyOnce, transactionalIdPrefix,
                transactionTimeout, clientProperties);
    }
}
