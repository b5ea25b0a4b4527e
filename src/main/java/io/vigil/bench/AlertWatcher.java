package io.vigil.bench;

import io.vigil.model.AlertStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A reader of the live job's alerts topic at one isolation level, a thread of the parent: notes the
 * wall time at which each firing alert of the job's alert name (not its heartbeats) first reaches
 * it, and the service the alert names. {@code read_uncommitted} sees an alert once the job's sink
 * has written it; {@code read_committed} once the checkpoint after it has committed the sink's
 * transaction, as every reader of an exactly-once topic does.
 */
final class AlertWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertWatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);
    /**
     * The broker answers a fetch as soon as there is data, else after this: short, so that a
     * transaction's commit reaches a {@code read_committed} reader within it (the default is 500 ms).
     */
    private static final int FETCH_MAX_WAIT_MS = 20;

    private final String bootstrap;
    private final String topic;
    private final String isolationLevel;
    private final String alertName;
    private final List<AlertLatency.Seen> seen = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopping;

    /** @param isolationLevel {@code read_committed} or {@code read_uncommitted} */
    AlertWatcher(String bootstrap, String topic, String isolationLevel, String alertName) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.isolationLevel = isolationLevel;
        this.alertName = alertName;
    }

    @Override
    public void run() {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopping) {
                var records = consumer.poll(POLL);
                long at = System.currentTimeMillis();
                for (ConsumerRecord<String, String> r : records) {
                    note(r.value(), at);
                }
            }
        } catch (Exception e) {
            failure.set(e);
            LOG.error("The {} alert reader failed", isolationLevel, e);
        }
    }

    private void note(String value, long at) throws IOException {
        JsonNode alert = JSON.readTree(value);
        JsonNode labels = alert.path("labels");
        if (alertName.equals(labels.path("alertname").asText())
                && AlertStatus.FIRING.wireName().equals(alert.path("status").asText())) {
            String service = labels.path("service").asText();
            synchronized (seen) {
                seen.add(new AlertLatency.Seen(service, at));
            }
            LOG.info("[{}] alert [service={}] at {}", isolationLevel, service, Instant.ofEpochMilli(at));
        }
    }

    void stop() {
        stopping = true;
    }

    /** The firing alerts seen so far, in order. */
    List<AlertLatency.Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    void checkHealthy() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the " + isolationLevel + " alert reader failed: " + e, e);
        }
    }
}
