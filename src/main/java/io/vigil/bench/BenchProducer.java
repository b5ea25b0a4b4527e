package io.vigil.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/** The producer the bench writes its metrics topics with, the backlog and the live feed alike. */
final class BenchProducer {
    private BenchProducer() {}

    /** @param lingerMs how long a batch waits for more records: long for the backlog, short when live */
    static KafkaProducer<byte[], byte[]> create(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                // No compression: the consumers pay for no decompression the floor would not, and lz4 is not
                // on the classpath.
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
