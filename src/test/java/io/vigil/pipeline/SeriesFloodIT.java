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
 * known-answer scenario, one exporter ({@code job="flood"}) mints new series every scrape, 36,000
 * in all over 90 minutes, mixed into the scenario's own series over two partitions. With a cap of
 * 1,000 series for that tenant, exactly 1,000 are admitted (500 on each subtask), each of the other
 * 35,000 samples is a dead letter saying why, and the scenario's series are scored at every step
 * and alert exactly as without the flood. {@code -Dflood.series=1000000 -Dflood.minutes=1} floods
 * a million new series in one minute instead (a measurement, not for every build).
 */
class SeriesFloodIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final int FLOOD_SERIES = Integer.getInteger("flood.series", 36_000);
    static final int FLOOD_MINUTES = Integer.getInteger("flood.minutes", 90);
    static final int FLOOD_FROM_MIN = 90;
    static final int NEW_PER_SCRAPE = FLOOD_SERIES / (FLOOD_MINUTES * 60 / SpikeScenario.SCRAPE_S);
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
        long t0 = System.nanoTime();
        int flood = produce("flood-metrics");
        long produced = System.nanoTime();

        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true), cfg,
                ScoresOut.EVERY_POINT);
        KafkaIO.attachSinks(out, cfg.kafka());
        List<String> scores = new ArrayList<>();
        try (CloseableIterator<String> it = out.scores().map(ScoredPoint::series).returns(Types.STRING)
                .uid("test-scores").name("test-scores").executeAndCollect("vigil-flood-it")) {
            it.forEachRemaining(scores::add);
        }
        long ran = System.nanoTime();

        String bootstrap = kafka.bootstrapServers();
        long[] dead = {0};
        TopicReader.forEachCommitted(bootstrap, cfg.kafka().topics().deadLetter(), line -> {
            JsonNode d = OutputLines.parse(List.of(line)).get(0);
            assertThat(d.path("stage").asText()).isEqualTo("features-series-cap");
            assertThat(d.path("reason").asText()).contains("job=\"flood\"", "ingest.max-series-per-tenant");
            assertThat(d.path("payload").asText()).contains("\"job\":\"flood\"");
            dead[0]++;
        });
        assertThat(dead[0]).as("every refused sample a dead letter, nothing else").isEqualTo(flood - CAP);
        System.out.printf("flood: %,d new series in %d min of event time, %,d samples in all: produced in %.1f s, "
                + "job ran %.1f s; %,d admitted, %,d dead letters%n", flood, FLOOD_MINUTES,
                flood + SpikeScenario.rows(11).size(), (produced - t0) / 1e9, (ran - produced) / 1e9, CAP, dead[0]);

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
        long floodFrom = SpikeScenario.START.toEpochMilli() + FLOOD_FROM_MIN * 60_000L;
        long lastTs = Long.MIN_VALUE;
        int flood = 0;
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20), new ByteArraySerializer(), new ByteArraySerializer())) {
            java.util.function.Consumer<String> send = v -> producer.send(new ProducerRecord<>(topic,
                    random.nextInt(2), null, v.getBytes(StandardCharsets.UTF_8)));
            for (SpikeScenario.Row r : SpikeScenario.rows(11)) {
                if (r.timestampMs() != lastTs && r.timestampMs() >= floodFrom
                        && r.timestampMs() < floodFrom + FLOOD_MINUTES * 60_000L) {
                    for (int i = 0; i < NEW_PER_SCRAPE; i++, flood++) {
                        send.accept("{\"timestamp\":\"" + Instant.ofEpochMilli(r.timestampMs()) + "\",\"value\":\"1\","
                                + "\"name\":\"requests_in_flight\",\"labels\":{\"__name__\":\"requests_in_flight\","
                                + "\"job\":\"flood\",\"request_id\":\"r" + flood + "\"}}");
                    }
                }
                lastTs = r.timestampMs();
                send.accept(SpikeScenario.adapterJson(r));
            }
            producer.flush();
        }
        return flood;
    }
}
