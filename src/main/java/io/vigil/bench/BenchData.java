package io.vigil.bench;

import io.vigil.demo.MetricsProducer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Fills the bench's metrics topic with prometheus-kafka-adapter JSON (the demo's encoder,
 * {@link MetricsProducer#adapterJson}): {@code series} gauges x {@code steps} samples one minute
 * apart from {@link #START}, time-ordered (every series at step t, then t+1). Each series is keyed by
 * its name and always goes to the same partition, so its samples stay in order, and each is a daily
 * sine of its own phase and level plus Gaussian noise, so the detectors have a season to learn.
 * Deterministic for a seed.
 */
public final class BenchData {
    /** A fixed past start, so every run writes the same samples. */
    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    static final long STEP_MS = 60_000;
    private static final String[] METRICS = {"http_requests_per_second", "request_latency_seconds",
        "cpu_usage_ratio", "memory_used_bytes"};
    /** Series per service label: a service's metrics share incidents as a real service's do. */
    private static final int SERIES_PER_SERVICE = 20;
    private static final double DAY_MS = 86_400_000.0;

    /** What was written, and how fast. */
    public record Filled(long samples, long bytes, double seconds) {
        public double samplesPerSecond() {
            return samples / seconds;
        }
    }

    private final int series;
    private final int steps;
    private final long seed;

    public BenchData(int series, int steps, long seed) {
        if (series < 1 || steps < 1) {
            throw new IllegalArgumentException("series and samples per series must be positive: " + series
                    + ", " + steps);
        }
        this.series = series;
        this.steps = steps;
        this.seed = seed;
    }

    public long samples() {
        return (long) series * steps;
    }

    /** Writes every sample to {@code topic} (its {@code partitions} partitions) and waits for the acks. */
    public Filled fill(String bootstrap, String topic, int partitions) {
        Random random = new Random(seed);
        String[] names = new String[series];
        Map<String, String>[] labels = labels(names);
        byte[][] keys = new byte[series][];
        double[] level = new double[series];
        double[] phase = new double[series];
        for (int i = 0; i < series; i++) {
            keys[i] = (names[i] + labels[i]).getBytes(StandardCharsets.UTF_8);
            level[i] = 10 + 990 * random.nextDouble();
            phase[i] = random.nextDouble() * DAY_MS;
        }
        long bytes = 0;
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                // No compression: the consumers pay for no decompression the floor would not, and lz4 is not on the classpath.
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int t = 0; t < steps; t++) {
                long ts = START.toEpochMilli() + t * STEP_MS;
                for (int i = 0; i < series; i++) {
                    double season = 1 + 0.3 * Math.sin(2 * Math.PI * (ts + phase[i]) / DAY_MS);
                    double value = level[i] * season * (1 + 0.02 * random.nextGaussian());
                    byte[] json = MetricsProducer.adapterJson(ts, value, names[i], labels[i])
                            .getBytes(StandardCharsets.UTF_8);
                    bytes += json.length;
                    producer.send(new ProducerRecord<>(topic, i % partitions, keys[i], json));
                }
            }
            producer.flush();
        }
        return new Filled(samples(), bytes, (System.nanoTime() - start) / 1e9);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String>[] labels(String[] names) {
        Map<String, String>[] labels = new Map[series];
        for (int i = 0; i < series; i++) {
            String metric = METRICS[i % METRICS.length];
            String service = "svc-" + i / SERIES_PER_SERVICE;
            Map<String, String> l = new LinkedHashMap<>();
            l.put("__name__", metric);
            l.put("job", "bench");
            l.put("service", service);
            l.put("namespace", "bench");
            l.put("instance", service + "-" + (i / METRICS.length) % (SERIES_PER_SERVICE / METRICS.length)
                    + ":9100");
            names[i] = metric;
            labels[i] = l;
        }
        return labels;
    }
}
