package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An alert storm end to end: 10,000 series (100 services of 100 instances) go anomalous in the
 * same minute and stay so for 5 minutes, through the job with its default settings and on through
 * {@code vigil notify} to stand-ins for PagerDuty and Slack. The pages stay few (the job groups the
 * storm into incidents and each incident's alert is one fingerprint), and every alert on the topic
 * reaches each channel it is routed to, exactly once. {@code -Dstorm.backend=rocksdb} runs the job on
 * RocksDB (the production backend) instead of the heap.
 */
@Tag("reliability")
class AlertStormIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final int SERVICES = Integer.getInteger("storm.services", 100);
    static final int INSTANCES = 100;
    static final int NORMAL_MIN = 35;
    static final int STORM_MIN = 5;
    static final int AFTER_MIN = 14;
    static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    @Test
    void tenThousandSeriesAnomalousAtOnce_fewPages_eachAlertDeliveredOnce() throws Exception {
        NotifierIT.Recorder pd = NotifierIT.server(body -> 202);
        NotifierIT.Recorder slack = NotifierIT.server(body -> 200);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "storm-metrics",
                    "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "vigil-storm-it",
                    "job.checkpoint-interval", "2s", "job.parallelism", "2"));
            VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
            kafka.createTopics(2, List.of("storm-metrics"));
            kafka.createTopics(1, cfg.kafka().outputTopics());
            kafka.createTopics(1, List.of("vigil.notify.deadletter"));
            long samples = produce(kafka.bootstrapServers(), "storm-metrics");

            long t0 = System.nanoTime();
            Configuration noRestarts = new Configuration();
            noRestarts.setString("restart-strategy.type", "none"); // a failure fails the test, not a loop
            noRestarts.setString("state.backend.type", System.getProperty("storm.backend", "hashmap"));
            StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), noRestarts);
            PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true), cfg);
            KafkaIO.attachSinks(out, cfg.kafka());
            env.execute("vigil-storm-it");
            long jobNanos = System.nanoTime() - t0;

            String bootstrap = kafka.bootstrapServers();
            long anomalies = TopicReader.records(bootstrap, cfg.kafka().topics().anomalies()).size();
            List<JsonNode> incidents = OutputLines.parse(TopicReader.readCommitted(bootstrap,
                    cfg.kafka().topics().incidents()));
            long incidentIds = incidents.stream().map(i -> i.path("incidentId").asText()).distinct().count();
            List<JsonNode> alerts = OutputLines.parse(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().alerts()))
                    .stream().filter(a -> !a.path("labels").path("alertname").asText().equals("VigilHeartbeat"))
                    .toList();
            assertThat(anomalies).as("the storm is seen").isGreaterThan(SERVICES * INSTANCES / 2);
            assertThat(incidentIds).as("incidents").isBetween(1L, 3L);
            assertThat(alerts).as("alert transitions").isNotEmpty().hasSizeLessThanOrEqualTo(6);

            List<String> log = new CopyOnWriteArrayList<>();
            Notifier notifier = new Notifier(bootstrap, "vigil.alerts", "vigil.notify.deadletter", "storm-notify",
                    new Notifier.Channels(pd.uri(), "R0UTING", slack.uri(), null),
                    new HttpDelivery(HttpDelivery.Policy.DEFAULT), log::add);
            assertThat(notifier.run(Duration.ofSeconds(3))).isTrue();
            long critical = alerts.stream().filter(a -> a.path("labels").path("severity").asText().equals("critical"))
                    .count();
            assertThat(pd.delivered()).as("a page per critical transition, no more").hasSize((int) critical);
            assertThat(slack.delivered()).as("a message per transition").hasSize(alerts.size());
            assertThat(notifier.stats().deadLettered()).isZero();
            System.out.printf("storm: %,d series anomalous at once for %d min, %,d samples, job %.1f s: %,d anomalies, "
                    + "%d incident(s) (%d incident events), %d alert transitions, %d PagerDuty events "
                    + "(%d distinct dedup_key), %d Slack messages%n", SERVICES * INSTANCES, STORM_MIN, samples,
                    jobNanos / 1e9, anomalies, incidentIds, incidents.size(), alerts.size(), pd.delivered().size(),
                    pd.delivered().stream().map(b -> NotifierIT.field(b, "dedup_key")).distinct().count(),
                    slack.delivered().size());
        } finally {
            pd.server().stop(0);
            slack.server().stop(0);
        }
    }

    /** Every series once a minute: noise around its level, five times the level during the storm. */
    private static long produce(String bootstrap, String topic) {
        Random random = new Random(17);
        long n = 0;
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int m = 0; m < NORMAL_MIN + STORM_MIN + AFTER_MIN; m++) {
                boolean storm = m >= NORMAL_MIN && m < NORMAL_MIN + STORM_MIN;
                String ts = START.plusSeconds(m * 60L + 10).toString();
                for (int s = 0; s < SERVICES; s++) {
                    for (int i = 0; i < INSTANCES; i++) {
                        double level = 0.1 + 0.01 * i;
                        double v = level * (storm ? 5 : 1) * (1 + 0.05 * random.nextGaussian());
                        String json = "{\"timestamp\":\"" + ts + "\",\"value\":\"" + v + "\",\"name\":\"latency_seconds\","
                                + "\"labels\":{\"__name__\":\"latency_seconds\",\"service\":\"svc-" + s
                                + "\",\"namespace\":\"prod\",\"instance\":\"svc-" + s + "-" + i + ":9100\"}}";
                        producer.send(new ProducerRecord<>(topic, random.nextInt(2), null,
                                json.getBytes(StandardCharsets.UTF_8)));
                        n++;
                    }
                }
            }
            producer.flush();
        }
        return n;
    }
}
