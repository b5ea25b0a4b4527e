package io.vigil.demo;

import io.vigil.config.KafkaConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the job's output topics as a downstream consumer would ({@code read_committed}: only what
 * the exactly-once sinks committed), prints incidents and alerts as they arrive and keeps them for
 * the summary.
 */
public final class OutputWatcher implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConfig kafka;
    private final Consumer<String> print;
    private volatile boolean stopping;
    private final List<JsonNode> incidents = new ArrayList<>();
    private final List<JsonNode> alerts = new ArrayList<>();
    private long anomalies;
    private long deadLetters;

    public OutputWatcher(KafkaConfig kafka, Consumer<String> print) {
        this.kafka = kafka;
        this.print = print;
    }

    @Override
    public void run() {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "vigil-demo-watcher-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(kafka.outputTopics());
            int quietPolls = 0;
            while (!stopping || quietPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(300));
                quietPolls = records.isEmpty() ? quietPolls + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    handle(r.topic(), r.value());
                }
            }
        }
    }

    /** Asks the watcher to finish once the topics have gone quiet. */
    public void stop() {
        stopping = true;
    }

    private synchronized void handle(String topic, String value) {
        if (topic.equals(kafka.topics().anomalies())) {
            anomalies++;
            return;
        }
        if (topic.equals(kafka.topics().deadLetter())) {
            deadLetters++;
            return;
        }
        JsonNode n = parse(value);
        if (topic.equals(kafka.topics().incidents())) {
            incidents.add(n);
            print.accept(DemoText.incident(n));
        } else if (topic.equals(kafka.topics().alerts())) {
            alerts.add(n);
            print.accept(DemoText.alert(n));
        }
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("Vigil wrote an output record that is not JSON: " + value, e);
        }
    }

    public synchronized List<JsonNode> incidents() {
        return List.copyOf(incidents);
    }

    public synchronized List<JsonNode> alerts() {
        return List.copyOf(alerts);
    }

    public synchronized long anomalies() {
        return anomalies;
    }

    public synchronized long deadLetters() {
        return deadLetters;
    }
}
