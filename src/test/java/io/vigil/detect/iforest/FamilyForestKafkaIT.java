package io.vigil.detect.iforest;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.demo.ScenarioFiles;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.TopicReader;

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
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming job as {@code vigil run} builds it, against a real Kafka broker, with family forests
 * fitted in the stream: rows sampled per family, fits on the event-time schedule, models broadcast
 * to the scorers, whose points then carry the forest's score. No model directory: everything the
 * forests know was learned from the topic.
 */
class FamilyForestKafkaIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void run_withStreamFittedFamilyForests_pointsCarryTheForestScore() throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "forest-metrics",
                "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "vigil-forest-it",
                "job.checkpoint-interval", "1s", "job.parallelism", "2", "detect.iforest.families", "true",
                "detect.iforest.refit-every", "1h", "detect.iforest.min-rows", "100"));
        VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
        kafka.createTopics(2, List.of("forest-metrics"));
        kafka.createTopics(1, cfg.kafka().outputTopics());
        ScenarioFiles.write(dir, 12, 2, h -> { });
        int produced = produce(dir.resolve(ScenarioFiles.METRICS), "forest-metrics");

        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true), cfg);
        KafkaIO.attachSinks(out, cfg.kafka());
        env.execute("vigil-family-forest-it");

        List<JsonNode> anomalies = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                cfg.kafka().topics().anomalies()));
        // A vector needs an hour of history (the longest window), a first fit an hour of vectors.
        long start = io.vigil.model.Timestamps.parse(Files.readAllLines(dir.resolve(ScenarioFiles.METRICS)).get(1)
                .split(",")[0]);
        long firstFitMs = start + 2 * 3_600_000L;
        List<JsonNode> late = anomalies.stream()
                .filter(a -> io.vigil.model.Timestamps.parse(a.path("timestamp").asText()) > firstFitMs + 600_000)
                .toList();
        long withForest = late.stream().filter(a -> a.path("detectors").has("iforest")).count();
        System.out.printf("kafka run: %d samples, %d anomalies, %d after the first fits, %d of them with the forest%n",
                produced, anomalies.size(), late.size(), withForest);
        assertThat(anomalies.stream().filter(a -> io.vigil.model.Timestamps.parse(a.path("timestamp").asText())
                < firstFitMs - 3_600_000L)).noneSatisfy(a -> assertThat(a.path("detectors").has("iforest")).isTrue());
        // Reading a backlog, the scorers may be hours of event time past a fit when its model arrives
        // (the fitter is the slowest operator); live, it arrives within seconds. So: some, not all.
        assertThat(late).isNotEmpty();
        assertThat(withForest).isPositive();
        assertThat(OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), cfg.kafka().topics().alerts())))
                .isNotEmpty();
    }

    /** The scenario's CSV rows as adapter JSON, in time order, spread over the topic's two partitions. */
    private static int produce(Path csv, String topic) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                String json = "{\"timestamp\":\"" + f[0] + "\",\"value\":\"" + f[2] + "\",\"name\":\"" + f[1]
                        + "\",\"labels\":{\"__name__\":\"" + f[1] + "\",\"service\":\"" + f[3]
                        + "\",\"namespace\":\"" + f[4] + "\",\"instance\":\"" + f[5] + "\"}}";
                producer.send(new ProducerRecord<>(topic, Math.floorMod(f[3].hashCode(), 2), null,
                        json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return lines.size() - 1;
    }
}
