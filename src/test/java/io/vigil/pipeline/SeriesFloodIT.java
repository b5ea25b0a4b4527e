package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.model.ScoredPoint;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;
import io.vigil.testing.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A cardinality flood straight into the metrics topic (past any bridge): from minute 90 of the
 * known-answer scenario, one exporter ({@code job="flood"}) mints 100 new series every scrape,
 * 36,000 in all, mixed into the scenario's own series over two partitions. With a cap of 1,000
 * series for that tenant, exactly 1,000 are admitted (500 on each subtask), each of the other
 * 35,000 samples is a dead letter saying why, and the scenario's series are scored at every step
 * and alert exactly as without the flood.
 */
class SeriesFloodIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final int NEW_PER_SCRAPE = 100;
    static final int FLOOD_FROM_MIN = 90;
    static final int CAP = 1_000;

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
    void flood_cappedPerTenant_refusedDeadLettered_knownSeriesScoredAndAlerting() throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "flood-metrics",
                "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "vigil-flood-it",
                "job.checkpoint-interval", "1s", "job.parallelism", "2",
                "ingest.max-series-per-tenant", String.valueOf(CAP), "ingest.max-series", "5000"));
        VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
        kafka.createTopics(2, List.of("flood-metrics"));
        kafka.createTopics(1, cfg.kafka().outputTopics());
        int flood = produce("flood-metrics");

        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true), cfg);
        KafkaIO.attachSinks(out, cfg.kafka());
        List<String> scores = new ArrayList<>();
        try (CloseableIterator<String> it = out.scores().map(ScoredPoint::series).returns(Types.STRING)
                .uid("test-scores").name("test-scores").executeAndCollect("vigil-flood-it")) {
            it.forEachRemaining(scores::add);
        }

        String bootstrap = kafka.bootstrapServers();
        List<JsonNode> dead = OutputLines.parse(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().deadLetter()));
        assertThat(dead).as("every refused sample a dead letter, nothing else").hasSize(flood - CAP)
                .allSatisfy(d -> {
                    assertThat(d.path("stage").asText()).isEqualTo("features-series-cap");
                    assertThat(d.path("reason").asText()).contains("job=\"flood\"", "ingest.max-series-per-tenant");
                    assertThat(d.path("payload").asText()).contains("\"job\":\"flood\"");
                });

        Set<String> floodScored = scores.stream().filter(s -> s.contains("job=\"flood\"")).collect(Collectors.toSet());
        assertThat(floodScored).as("the admitted flood series: state for no more").hasSize(CAP);
        long knownScored = scores.stream().filter(s -> !s.contains("job=\"flood\"")).count();
        assertThat(knownScored).as("the scenario's series at every step").isEqualTo(SpikeScenario.EXPECTED_SCORED_POINTS);

        List<JsonNode> alerts = OutputLines.parse(TopicReader.readCommitted(bootstrap, cfg.kafka().topics().alerts()));
        assertThat(alerts).extracting(a -> a.path("status").asText()).containsExactly("firing", "resolved");
        assertThat(alerts.get(0).path("labels").path("service").asText()).isIn("db", "api");
    }

    /** The scenario like the adapter writes it, with the flood's new series in between. */
    private static int produce(String topic) {
        Random random = new Random(5);
        List<String> values = new ArrayList<>();
        long floodFrom = SpikeScenario.START.toEpochMilli() + FLOOD_FROM_MIN * 60_000L;
        long lastTs = Long.MIN_VALUE;
        int flood = 0;
        for (SpikeScenario.Row r : SpikeScenario.rows(11)) {
            if (r.timestampMs() != lastTs && r.timestampMs() >= floodFrom) {
                for (int i = 0; i < NEW_PER_SCRAPE; i++, flood++) {
                    values.add("{\"timestamp\":\"" + Instant.ofEpochMilli(r.timestampMs()) + "\",\"value\":\"1\","
                            + "\"name\":\"requests_in_flight\",\"labels\":{\"__name__\":\"requests_in_flight\","
                            + "\"job\":\"flood\",\"request_id\":\"r" + flood + "\"}}");
                }
            }
            lastTs = r.timestampMs();
            values.add(SpikeScenario.adapterJson(r));
        }
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, random.nextInt(2), null, v.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return flood;
    }
}
