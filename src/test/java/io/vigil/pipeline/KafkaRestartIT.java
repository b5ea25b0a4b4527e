package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.model.Ingested;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;
import io.vigil.testing.TopicReader;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job fails mid-stream after a checkpoint has completed, Flink restarts it from that
 * checkpoint, and the alerts and incidents topics read with {@code read_committed} still hold each
 * event exactly once (Kafka transactions committed per checkpoint; the failed attempt's open
 * transactions are aborted).
 */
class KafkaRestartIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger SEEN = new AtomicInteger();

    /** Passes records through slowly until a checkpoint completed, then fails once. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Ingested, Ingested> implements CheckpointListener {
        @Override
        public Ingested map(Ingested r) throws Exception {
            if (!FAILED.get()) {
                Thread.sleep(2);
                if (CHECKPOINTED.get() && SEEN.incrementAndGet() > 200 && FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure after a completed checkpoint");
                }
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }

    @Test
    void failureMidStream_restartFromCheckpoint_alertsAndIncidentsExactlyOnce() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "restart-metrics",
                    "kafka.topics.alerts", "restart-alerts", "kafka.topics.incidents", "restart-incidents",
                    "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "vigil-restart",
                    "job.checkpoint-interval", "500ms", "job.parallelism", "2"));
            VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
            kafka.createTopics(2, List.of("restart-metrics"));
            kafka.createTopics(1, List.of("restart-alerts", "restart-incidents", cfg.kafka().topics().anomalies(),
                    cfg.kafka().topics().deadLetter()));
            Random random = new Random(5);
            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (var row : SpikeScenario.rows(11)) {
                    producer.send(new ProducerRecord<>("restart-metrics", random.nextInt(2), null,
                            SpikeScenario.adapterJson(row).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }

            Configuration restart = new Configuration();
            restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
            StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), restart);
            SampleInput in = KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true);
            var failing = in.stream().map(new FailOnceAfterCheckpoint()).uid("test-fail-once").name("test-fail-once");
            KafkaIO.attachSinks(VigilPipeline.build(new SampleInput(failing, in.source()), cfg), cfg.kafka());
            env.execute("vigil-restart-it");

            assertThat(FAILED.get()).as("the failure was injected after a completed checkpoint").isTrue();
            List<JsonNode> alerts = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), "restart-alerts"));
            assertThat(alerts).extracting(a -> a.path("status").asText()).containsExactly("firing", "resolved");
            assertThat(alerts).extracting(a -> a.path("fingerprint").asText()).containsOnly(
                    alerts.get(0).path("fingerprint").asText());
            List<JsonNode> incidents = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                    "restart-incidents"));
            assertThat(incidents.stream().filter(i -> i.path("status").asText().equals("open")).count())
                    .as("one open event").isEqualTo(1);
            assertThat(incidents.stream().filter(i -> i.path("status").asText().equals("resolved")).count())
                    .as("one resolved event").isEqualTo(1);
        }
    }
}
