package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.demo.MetricsProducer;
import io.vigil.model.SeriesIds;
import io.vigil.testing.MiniClusters;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Partitions added to the metrics topic while the job runs, and series moved to them as the bridge
 * does (partition = series hash modulo the partition count) once it sees them, in a live feed: the
 * job finds the new partitions, nothing is late, and each series keeps one unbroken state: one
 * score per step before and after the move, its models not starting over.
 */
class KafkaPartitionsAddedIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final int SERIES = 40;
    static final int MINUTES = 120;
    static final long T0 = 1_795_000_000_000L;
    static final String TOPIC = "grow";

    @Test
    void partitionsAddedWhileRunning_seriesMoved_nothingLateStateUnbroken() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", TOPIC,
                    "kafka.starting-offsets", "earliest", "kafka.group-id", "grow-it", "ingest.idleness", "2s",
                    "ingest.max-out-of-orderness", "5m",
                    "kafka.properties.partition.discovery.interval.ms", "1000", "detect.entity.enabled", "false",
                    "job.parallelism", "2"));
            VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
            kafka.createTopics(2, List.of(TOPIC));
            produce(kafka, 0, MINUTES / 2, 2, 0);

            StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
            PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), false), cfg,
                    ScoresOut.EVERY_POINT);
            var lines = out.scores().map(p -> p.series() + "|" + p.timestampMs() + "|" + p.expected())
                    .returns(Types.STRING).uid("test-scores").name("test-scores")
                    .union(out.deadLetters().map(d -> "DEAD|" + d.stage() + "|" + d.reason()).returns(Types.STRING)
                            .uid("test-dead").name("test-dead"));
            Map<String, List<long[]>> scores = new TreeMap<>();
            List<String> dead = new ArrayList<>();
            // The last steps close only once later data moves event time past them (5 min here).
            int expectedPerSeries = MINUTES - 7;
            int[] seen = {0};
            CloseableIterator<String> it = lines.executeAndCollect("vigil-partitions-it");
            Thread reader = new Thread(() -> {
                while (it.hasNext()) {
                    String[] f = it.next().split("\\|");
                    synchronized (scores) {
                        if (f[0].equals("DEAD")) {
                            dead.add(f[1] + ": " + f[2]);
                        } else {
                            scores.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new long[] {Long.parseLong(f[1]),
                                    f[2].equals("NaN") ? 1 : 0});
                            seen[0]++;
                        }
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                await(scores, seen, SERIES * (MINUTES / 2 - 7));
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
                    admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(4))).all().get();
                }
                Thread.sleep(3_000); // the job's discovery (1 s here, 10 s by default) before producers move series
                produce(kafka, MINUTES / 2, MINUTES, 4, 50);
                await(scores, seen, SERIES * expectedPerSeries);
            } catch (AssertionError e) {
                synchronized (scores) {
                    Map<Long, Integer> lastTimes = new TreeMap<>();
                    scores.values().forEach(v -> lastTimes.merge((v.get(v.size() - 1)[0] - T0) / 60_000, 1, Integer::sum));
                    throw new AssertionError(e.getMessage() + "; series by their last scored minute " + lastTimes
                            + "; dead letters " + dead.size() + " " + dead.stream().limit(3).toList(), e);
                }
            } finally {
                it.close();
            }
            synchronized (scores) {
                System.out.println("partitions it: " + seen[0] + " scores, dead letters " + dead);
            }
            assertThat(dead).as("dead letters").isEmpty();
            assertThat(scores).hasSize(SERIES);
            scores.forEach((series, points) -> {
                List<Long> times = points.stream().map(p -> p[0]).toList();
                assertThat(times).as(series).hasSizeGreaterThanOrEqualTo(expectedPerSeries).isSorted()
                        .doesNotHaveDuplicates();
                assertThat(times.get(times.size() - 1) - times.get(0)).as(series + ": no step missing")
                        .isEqualTo((times.size() - 1) * 60_000L);
                // Warming up leaves the expected value undefined; a state that started over would do so again.
                long lastWarming = points.stream().filter(p -> p[1] == 1).mapToLong(p -> p[0]).max().orElse(T0);
                assertThat(lastWarming).as(series + ": models warming up after the move")
                        .isLessThan(T0 + (MINUTES / 2) * 60_000L);
            });
        }
    }

    /** Waits until {@code count} scores have come, for at most two minutes. */
    static void await(Object lock, int[] seen, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (lock) {
                if (seen[0] >= count) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        synchronized (lock) {
            throw new AssertionError(count + " scores expected, " + seen[0] + " after two minutes");
        }
    }

    /**
     * Minutes [from, to) of every series, each on partition hash % partitions, as the bridge places
     * them; {@code paceMs} apart per minute, like a live feed sped up (a minute of event time in 50
     * ms: the job's out-of-orderness, 5 minutes here, is 250 ms of this feed), or all at once.
     */
    static void produce(EmbeddedKafka kafka, int from, int to, int partitions, long paceMs) throws InterruptedException {
        Random random = new Random(from);
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int m = from; m < to; m++) {
                for (int i = 0; i < SERIES; i++) {
                    Map<String, String> labels = new HashMap<>(Map.of("pod", "p" + i));
                    double v = 100 + 10 * Math.sin(m / 15.0 + i) + random.nextGaussian();
                    String json = MetricsProducer.adapterJson(T0 + m * 60_000L, Math.round(v * 1000) / 1000.0, "load",
                            labels);
                    int partition = Math.floorMod(SeriesIds.of("load", labels).hashCode(), partitions);
                    producer.send(new ProducerRecord<>(TOPIC, partition, null, json.getBytes(StandardCharsets.UTF_8)));
                }
                if (paceMs > 0) {
                    producer.flush();
                    Thread.sleep(paceMs);
                }
            }
            producer.flush();
        }
    }
}
