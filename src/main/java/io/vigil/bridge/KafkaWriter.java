package io.vigil.bridge;

import io.vigil.ingest.RemoteWriteFormat;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a request's records and waits until Kafka has them all (acks=all, idempotent producer), so
 * the bridge answers 2xx only for data that is durable. Every record goes to an explicit partition
 * chosen by its series' hash; its key is that partition's number, so the log says where it belongs.
 */
final class KafkaWriter implements AutoCloseable {
    /** Thrown when Kafka did not take everything in time: the request is answered 503 and retried. */
    static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final RecordHeaders headers = new RecordHeaders(RemoteWriteFormat.headers());

    KafkaWriter(String bootstrap, Map<String, String> clientProperties, String topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Values are snappy already; a second compression saves little (the benchmark measures it).
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        long ms = Math.max(1000, timeout.toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, ms / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (ms + 5)); // >= linger + request timeout
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-bridge");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    String topic() {
        return topic;
    }

    /** The topic's partition count (from the producer's metadata cache; blocks at most the timeout when unknown). */
    int partitions() throws Unavailable {
        try {
            return producer.partitionsFor(topic).size();
        } catch (RuntimeException e) {
            throw new Unavailable("Kafka topic " + topic + " is not reachable: " + e.getMessage(), e);
        }
    }

    /** Sends every record and waits for all acknowledgements, or throws once the deadline passes. */
    void write(List<WritePlan.Batch> records) throws Unavailable {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (WritePlan.Batch b : records) {
                byte[] key = Integer.toString(b.partition()).getBytes(StandardCharsets.UTF_8);
                acks.add(producer.send(new ProducerRecord<>(topic, b.partition(), key, b.value(), headers)));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for Kafka", e);
        } catch (TimeoutException e) {
            throw new Unavailable("Kafka did not acknowledge within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new Unavailable("Kafka refused the write: " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            throw new Unavailable("Kafka write failed: " + e.getMessage(), e);
        }
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
