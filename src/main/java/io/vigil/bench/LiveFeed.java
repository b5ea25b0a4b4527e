package io.vigil.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live phase's producer, a thread of the parent: writes every series of the {@link LivePlan}
 * once per grid step, stamped with the wall clock at the moment it is written, the series spread
 * evenly over each step (series i at {@code i / N} of it), steps aligned to the job's grid. From the
 * plan's spike steps on, an anomalous series' samples carry {@link LivePlan#SPIKE_SIGMAS} noise
 * sigmas more; the first one of each spike is recorded with its completion time
 * ({@link AlertLatency#completeAtMs}). It runs until {@link #stop}: the watermark only passes a
 * step once later samples exist.
 */
final class LiveFeed implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** A live producer sends at once; the backlog's 20 ms batches would sit in front of every step. */
    private static final int LINGER_MS = 5;
    private static final long IDLE_SLEEP_MS = 5;

    private final String bootstrap;
    private final String topic;
    private final BenchSeries series;
    private final LivePlan plan;
    private final long outOfOrdernessMs;
    private final Random random;
    private final List<AlertLatency.Injection> injected = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lateSends = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopping;

    LiveFeed(String bootstrap, String topic, BenchSeries series, LivePlan plan, long outOfOrdernessMs, long seed) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.series = series;
        this.plan = plan;
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        long stepMs = plan.stepMs();
        int n = series.size();
        try (KafkaProducer<byte[], byte[]> producer = BenchProducer.create(bootstrap, LINGER_MS)) {
            long gridStart = (Math.floorDiv(System.currentTimeMillis(), stepMs) + 1) * stepMs;
            for (long k = 0; !stopping; k++) {
                long stepStart = gridStart + k * stepMs;
                for (int i = 0; i < n && !stopping; ) {
                    long now = System.currentTimeMillis();
                    long due = stepStart + i * stepMs / n;
                    if (due > now) {
                        Thread.sleep(Math.min(due - now, IDLE_SLEEP_MS));
                        continue;
                    }
                    if (now >= stepStart + stepMs) {
                        lateSends.incrementAndGet();
                    }
                    send(producer, i, k, now);
                    i++;
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
            LOG.error("The live feed failed", e);
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, int i, long k, long now) {
        double value = series.sample(i, now, random);
        int a = plan.anomalyAt(i, k);
        if (a >= 0) {
            value += LivePlan.SPIKE_SIGMAS * BenchSeries.NOISE * series.curve(i, now);
            if (k == plan.spikeStart(a)) {
                var in = new AlertLatency.Injection(series.id(i), BenchSeries.service(i), now,
                        AlertLatency.completeAtMs(now, plan.stepMs(), outOfOrdernessMs));
                synchronized (injected) {
                    injected.add(in);
                }
                LOG.info("Spike {} of {} [series={}]: first sample at {}, complete at {}", a + 1, plan.anomalies(),
                        in.series(), Instant.ofEpochMilli(now), Instant.ofEpochMilli(in.completeMs()));
            }
        }
        producer.send(new ProducerRecord<>(topic, series.partition(i), series.key(i), series.json(i, now, value)),
                (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
        sent.incrementAndGet();
    }

    /** Asks the feed to stop after the sample it is writing. */
    void stop() {
        stopping = true;
    }

    /** The spikes injected so far, in order. */
    List<AlertLatency.Injection> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    /** Throws when the feed failed (a send the broker refused included). */
    void checkHealthy() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the live feed failed: " + e, e);
        }
    }

    long sent() {
        return sent.get();
    }

    /** Samples written after their grid step had ended: the feed fell behind the plan's rate. */
    long lateSends() {
        return lateSends.get();
    }
}
