package io.vigil.bench;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.Random;

/**
 * Fills the bench's metrics topic with prometheus-kafka-adapter JSON: {@code series} gauges
 * ({@link BenchSeries}) x {@code steps} samples one minute apart from {@link #START}, time-ordered
 * (every series at step t, then t+1). Deterministic for a seed.
 */
public final class BenchData {
    /** A fixed past start, so every run writes the same samples. */
    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    static final long STEP_MS = 60_000;

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
        BenchSeries s = new BenchSeries(series, partitions, random);
        long bytes = 0;
        long start = System.nanoTime();
        try (var producer = BenchProducer.create(bootstrap, 20)) {
            for (int t = 0; t < steps; t++) {
                long ts = START.toEpochMilli() + t * STEP_MS;
                for (int i = 0; i < series; i++) {
                    byte[] json = s.json(i, ts, s.sample(i, ts, random));
                    bytes += json.length;
                    producer.send(new ProducerRecord<>(topic, s.partition(i), s.key(i), json));
                }
            }
            producer.flush();
        }
        return new Filled(samples(), bytes, (System.nanoTime() - start) / 1e9);
    }
}
