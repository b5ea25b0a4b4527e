package io.vigil.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a whole topic as a downstream consumer would, with {@code read_committed}: only records of
 * committed transactions, up to the last stable offset. Ends at the end, not after a timeout.
 */
public final class TopicReader {
    private TopicReader() {}

    public static List<String> readCommitted(String bootstrap, String topic) {
        List<String> out = new ArrayList<>();
        records(bootstrap, topic).forEach(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
        return out;
    }

    /** The whole records (key, headers, partition) up to the end offsets at the time of the call. */
    public static List<ConsumerRecord<byte[], byte[]>> records(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        forEach(bootstrap, topic, out::add);
        return out;
    }

    /** Each committed value as text, without holding the topic in memory. */
    public static void forEachCommitted(String bootstrap, String topic, java.util.function.Consumer<String> each) {
        forEach(bootstrap, topic, r -> each.accept(new String(r.value(), StandardCharsets.UTF_8)));
    }

    private static void forEach(String bootstrap, String topic,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                });
            }
        }
    }
}
