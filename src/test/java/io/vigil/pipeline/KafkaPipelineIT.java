package io.vigil.pipeline;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.ingest.RouteIngested;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;
import io.vigil.testing.TopicReader;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming job against a real Kafka broker (in-process KRaft): adapter JSON in over two
 * partitions, shuffled, with malformed records mixed in; exactly-once sinks out, read back with
 * {@code read_committed}. The source is bounded at the current end offsets so the job ends by
 * itself, with a final checkpoint that commits the sinks' transactions.
 */
class KafkaPipelineIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void job_throughRealKafka_alertsCommittedAndMalformedRecordsDeadLettered() throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "it-metrics",
                "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "vigil-it",
                "job.checkpoint-interval", "1s", "job.parallelism", "2"));
        VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
        kafka.createTopics(2, List.of("it-metrics"));
        kafka.createTopics(1, cfg.kafka().outputTopics());

        // A null value is a tombstone, which the adapter never sends but a misconfigured producer may.
        List<byte[]> malformed = java.util.Arrays.asList(
                "{\"timestamp\":\"2026-11-20T09:10:00Z\",\"value\":".getBytes(StandardCharsets.UTF_8),
                "{\"timestamp\":\"2026-11-20T09:20:00Z\",\"value\":\"+Inf\",\"name\":\"q\"}".getBytes(StandardCharsets.UTF_8),
                "{\"value\":\"1\",\"name\":\"q\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x13},
                null);
        int valid = produce(cfg.kafka().topics().metrics().get(0), malformed);

        long started = System.currentTimeMillis();
        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true), cfg);
        KafkaIO.attachSinks(out, cfg.kafka());
        JobExecutionResult result = env.execute("vigil-kafka-it");

        assertThat(result.<Long>getAccumulatorResult(RouteIngested.ACC_PARSED)).isEqualTo(valid);
        assertThat(result.<Long>getAccumulatorResult(RouteIngested.ACC_REJECTED)).isEqualTo(malformed.size());

        String bootstrap = kafka.bootstrapServers();
        List<JsonNode> alerts = OutputLines.parse(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().alerts()));
        assertThat(alerts).extracting(a -> a.path("status").asText()).containsExactly("firing", "resolved");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.path("labels").path("alertname").asText()).isEqualTo("VigilIncident");
            assertThat(a.path("labels").path("service").asText()).isIn("db", "api");
        });

        // Stamped when written, not with the 2026-11-20 event time: retention counts from now.
        assertThat(TopicReader.records(bootstrap, cfg.kafka().topics().alerts()))
                .allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(started));

        List<JsonNode> incidents = OutputLines.parse(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().incidents()));
        assertThat(incidents).extracting(i -> i.path("incidentId").asText()).containsOnly(
                alerts.get(0).path("incidentId").asText());
        assertThat(incidents.get(incidents.size() - 1).path("status").asText()).isEqualTo("resolved");
        assertThat(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().anomalies())).isNotEmpty();

        List<JsonNode> dead = OutputLines.parse(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().deadLetter()));
        assertThat(dead).hasSize(malformed.size()).allSatisfy(d -> {
            assertThat(d.path("stage").asText()).isEqualTo("ingest-parse");
            assertThat(d.path("topic").asText()).isEqualTo("it-metrics");
            assertThat(d.path("offset").asLong()).isNotNegative();
        });
        assertThat(dead).extracting(d -> d.path("reason").asText())
                .anySatisfy(r -> assertThat(r).startsWith("not valid JSON"))
                .anySatisfy(r -> assertThat(r).contains("non-finite value '+Inf'"))
                .anySatisfy(r -> assertThat(r).isEqualTo("missing required field 'timestamp'"))
                .anySatisfy(r -> assertThat(r).isEqualTo("empty record"));
        assertThat(dead).filteredOn(d -> d.path("payloadEncoding").asText().equals("base64"))
                .extracting(d -> d.path("payload").asText()).containsExactly("//4AEw==");
    }

    /** Writes the scenario like the adapter does (no key, random partition) with the malformed records mixed in. */
    private static int produce(String topic, List<byte[]> malformed) {
        Random random = new Random(3);
        var rows = SpikeScenario.rows(11);
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<byte[]> values = new ArrayList<>();
            rows.forEach(r -> values.add(SpikeScenario.adapterJson(r).getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < malformed.size(); i++) {
                values.add(500 * (i + 1), malformed.get(i));
            }
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, random.nextInt(2), null, v));
            }
            producer.flush();
        }
        return rows.size();
    }
}
