package io.vigil.demo;

import io.vigil.model.Timestamps;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Writes the demo's metrics to Kafka the way prometheus-kafka-adapter does: one JSON
 * record per sample, string values, whole-second timestamps, no key and a random partition (so a
 * series arrives out of order across partitions), paced in compressed event time. Every
 * {@link #MALFORMED_EVERY}th record is followed by a malformed one, to show the dead-letter path.
 */
public final class MetricsProducer {
    static final int MALFORMED_EVERY = 5000;
    public static final int SCRAPE_INTERVAL_S = 30;

    /** What was written. */
    public record Produced(long samples, long malformed) {}

    private final String bootstrap;
    private final String topic;
    private final int partitions;

    public MetricsProducer(String bootstrap, String topic, int partitions) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
    }

    /**
     * @param speed scenario seconds per wall-clock second; 0 means as fast as possible
     * @param onMinute called with each new scenario minute (for the live commentary)
     * @param stopRequested checked every scrape: Ctrl-C ends the scenario early
     */
    public Produced run(SyntheticMetrics metrics, int hours, double speed, long seed, IntConsumer onMinute,
            BooleanSupplier stopRequested) throws InterruptedException {
        Random random = new Random(seed ^ 0x5eed);
        long samples = 0;
        long malformed = 0;
        long wallStart = System.nanoTime();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            int lastMinute = -1;
            for (long tick = 0; tick * SCRAPE_INTERVAL_S < hours * 3600L && !stopRequested.getAsBoolean(); tick++) {
                double minute = tick * SCRAPE_INTERVAL_S / 60.0;
                if ((int) minute != lastMinute) {
                    lastMinute = (int) minute;
                    onMinute.accept(lastMinute);
                }
                List<SyntheticMetrics.Sample> batch = metrics.scrape(minute, SCRAPE_INTERVAL_S);
                Collections.shuffle(batch, random);
                for (var s : batch) {
                    send(producer, random, json(s));
                    if (++samples % MALFORMED_EVERY == 0) {
                        send(producer, random, malformed(malformed++, s.timestampMs()));
                    }
                }
                pace(wallStart, tick * SCRAPE_INTERVAL_S, speed);
            }
            producer.flush();
        }
        return new Produced(samples, malformed);
    }

    private void send(KafkaProducer<byte[], byte[]> producer, Random random, String value) {
        producer.send(new ProducerRecord<>(topic, random.nextInt(partitions), null,
                value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void pace(long wallStart, long scenarioSeconds, double speed) throws InterruptedException {
        if (speed <= 0) {
            return;
        }
        long dueNanos = wallStart + (long) (scenarioSeconds / speed * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    static String json(SyntheticMetrics.Sample s) {
        String metric = s.signal().metric();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("__name__", metric);
        labels.put("job", s.service());
        labels.put("service", s.service());
        labels.put("namespace", DemoScenario.NAMESPACE);
        labels.put("instance", s.service() + "-0:9100");
        return adapterJson(s.timestampMs(), s.value(), metric, labels);
    }

    /**
     * One sample as prometheus-kafka-adapter writes it: RFC 3339 timestamp truncated to whole
     * seconds, the value as a string, the metric name, and every label in {@code labels}' order
     * ({@code __name__} included when the caller puts it there, as the adapter does). Label values
     * are written as given: callers pass plain ones.
     */
    public static String adapterJson(long timestampMs, double value, String metric, Map<String, String> labels) {
        String ts = Instant.ofEpochMilli(Math.floorDiv(timestampMs, 1000) * 1000).toString();
        String v = value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
        StringBuilder sb = new StringBuilder(96 + 32 * labels.size());
        sb.append("{\"timestamp\":\"").append(ts).append("\",\"value\":\"").append(v)
                .append("\",\"name\":\"").append(metric).append("\",\"labels\":{");
        boolean first = true;
        for (var e : labels.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        }
        return sb.append("}}").toString();
    }

    /** Three kinds of bad record a real pipeline sees: truncated JSON, +Inf, a missing field. */
    static String malformed(long n, long ts) {
        return switch ((int) (n % 3)) {
            case 0 -> "{\"timestamp\":\"" + Timestamps.format(ts) + "\",\"value\":\"1";
            case 1 -> "{\"timestamp\":\"" + Instant.ofEpochMilli(ts) + "\",\"value\":\"+Inf\",\"name\":\"queue_depth\","
                    + "\"labels\":{\"service\":\"payment\"}}";
            default -> "{\"value\":\"3\",\"name\":\"queue_depth\",\"labels\":{\"service\":\"payment\"}}";
        };
    }
}
