package io.vigil.bench;

import io.vigil.ingest.RemoteWriteFormat;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.ingest.proto.WriteRequest;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills the bench's metrics topic with prometheus-kafka-adapter JSON or remote-write records
 * ({@link BenchFormat}): {@code series} gauges
 * ({@link BenchSeries}) x {@code samples} samples {@code scrapeMs} apart from {@link #START},
 * time-ordered (every series at time t, then the next). The job's grid step is a minute, so a
 * scrape interval under it puts several samples in a step, as Prometheus' 15–30 s scrapes do.
 * Deterministic for a seed.
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
    private final long scrapeMs;
    private final long seed;
    private final int perInstance;

    /** @param perInstance series per {@code instance} label ({@link BenchSeries}) */
    public BenchData(int series, int steps, long scrapeMs, long seed, int perInstance) {
        if (series < 1 || steps < 1 || scrapeMs < 1) {
            throw new IllegalArgumentException("series, samples per series and the scrape interval must be "
                    + "positive: " + series + ", " + steps + ", " + scrapeMs + " ms");
        }
        this.series = series;
        this.steps = steps;
        this.scrapeMs = scrapeMs;
        this.seed = seed;
        this.perInstance = perInstance;
    }

    public long samples() {
        return (long) series * steps;
    }

    /** Writes every sample to {@code topic} (its {@code partitions} partitions) as {@code format} and waits for the acks. */
    public Filled fill(String bootstrap, String topic, int partitions, BenchFormat format) {
        Random random = new Random(seed);
        BenchSeries s = new BenchSeries(series, partitions, random, perInstance);
        long bytes = 0;
        long start = System.nanoTime();
        try (var producer = BenchProducer.create(bootstrap, 20)) {
            List<List<TimeSeries>> pending = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                pending.add(new ArrayList<>());
            }
            for (int t = 0; t < steps; t++) {
                long ts = START.toEpochMilli() + t * scrapeMs;
                for (int i = 0; i < series; i++) {
                    double v = s.sample(i, ts, random);
                    if (format == BenchFormat.ADAPTER_JSON) {
                        byte[] json = s.json(i, ts, v);
                        bytes += json.length;
                        producer.send(new ProducerRecord<>(topic, s.partition(i), s.key(i), json));
                        continue;
                    }
                    List<TimeSeries> batch = pending.get(s.partition(i));
                    batch.add(s.timeSeries(i, ts, v));
                    if (batch.size() == format.samplesPerRecord) {
                        bytes += sendRemoteWrite(producer, topic, s.partition(i), batch);
                    }
                }
            }
            for (int p = 0; p < partitions; p++) {
                if (!pending.get(p).isEmpty()) {
                    bytes += sendRemoteWrite(producer, topic, p, pending.get(p));
                }
            }
            producer.flush();
        }
        return new Filled(samples(), bytes, (System.nanoTime() - start) / 1e9);
    }

    /** One record of the batch as the bridge writes it (a request's series of one partition); empties the batch. */
    private static long sendRemoteWrite(KafkaProducer<byte[], byte[]> producer, String topic, int partition,
            List<TimeSeries> batch) {
        byte[] body;
        try {
            body = Snappy.compress(WriteRequest.newBuilder().addAllTimeseries(batch).build().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
        producer.send(new ProducerRecord<>(topic, partition, null, null, body, RemoteWriteFormat.headers()));
        return body.length;
    }
}
