package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.demo.EmbeddedKafka;
import io.vigil.detect.store.ModelStore;
import io.vigil.eval.suite.DetectionSuite;
import io.vigil.model.Timestamps;
import io.vigil.testing.CliRun;
import io.vigil.testing.LocalPrometheus;
import io.vigil.testing.OutputLines;
import io.vigil.testing.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil train --from prometheus} against a real Prometheus (Debian's package) whose TSDB
 * holds two weeks of generated 1-minute history, written with {@code promtool tsdb
 * create-blocks-from openmetrics}: the history arrives through the real query_range API in chunks
 * (20,160 points per series, over Prometheus' 11,000 per query), and the models trained from it are
 * the models trained from the same history as a CSV file: the next day replayed from either store
 * scores identically, with a band from the first point.
 */
class PrometheusHistoryIT {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    @Test
    void trainFromPrometheus_chunksTheHistory_andLearnsWhatTheCsvTeaches() throws Exception {
        assumeTrue(Files.isExecutable(LocalPrometheus.BINARY) && Files.isExecutable(PROMTOOL),
                "prometheus/promtool not installed (.ci/run installs them)");
        DetectionSuite.write(dir, Duration.ofMinutes(1), 1, 2, 2, 3, 14);
        Path om = dir.resolve("history.om");
        try (BufferedReader r = Files.newBufferedReader(dir.resolve(DetectionSuite.HISTORY));
                BufferedWriter w = Files.newBufferedWriter(om)) {
            w.write("# TYPE suite_value gauge\n");
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                w.write("suite_value{series=\"" + f[3] + "\"} " + f[2] + " " + Timestamps.parse(f[0]) / 1000 + "\n");
            }
            w.write("# EOF\n");
        }
        Path data = dir.resolve("tsdb");
        Process blocks = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", "-q",
                om.toString(), data.toString()).redirectErrorStream(true).start();
        String blocksOut = new String(blocks.getInputStream().readAllBytes());
        assertThat(blocks.waitFor()).as(blocksOut).isZero();

        int port = LocalPrometheus.freePort();
        Process prom = LocalPrometheus.start(dir, port, "global:\n  scrape_interval: 1h\n", data,
                "--storage.tsdb.retention.time=100y");
        try {
            long end = DetectionSuite.liveStartMs(14) - 60_000;
            String fromProm = dir.resolve("store-prom").toString();
            String out = CliRun.ok("train", "--from", "prometheus", "--url", "http://127.0.0.1:" + port, "--query",
                    "suite_value", "--days", "14", "--end", Timestamps.format(end), "--out", fromProm);
            assertThat(out).contains("chunk 3/3").contains("2 series");
            assertThat(out).contains("40,320 points learned");
            String fromCsv = dir.resolve("store-csv").toString();
            CliRun.ok("train", "--from", "csv", "--input", dir.resolve(DetectionSuite.HISTORY).toString(), "--out",
                    fromCsv, "--no-forests");
            assertThat(ModelStore.currentName(fromProm)).isNotNull();

            List<String> a = replay(fromProm, "out-prom");
            List<String> b = replay(fromCsv, "out-csv");
            assertThat(a).hasSize(2 * 1440 + 1).isEqualTo(b);
            assertThat(a.get(1).split(",")[3]).as("a band from the first point").isNotEmpty();

            backfill_thenKafka_warmFromTheFirstMinutes("http://127.0.0.1:" + port, end);
        } finally {
            prom.destroy();
            prom.waitFor();
        }
    }

    /**
     * {@code run --backfill}: the job learns the two weeks from Prometheus into a fresh store, then
     * reads the next day from Kafka; the level shift injected in that day's first minute is an
     * anomaly within half an hour, from models of that store.
     */
    private void backfill_thenKafka_warmFromTheFirstMinutes(String url, long end) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("bf-metrics", "vigil.anomalies", "vigil.incidents", "vigil.alerts",
                    "vigil.deadletter"));
            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new ByteArraySerializer(), new ByteArraySerializer());
                    BufferedReader r = Files.newBufferedReader(dir.resolve(DetectionSuite.LIVE_METRICS))) {
                r.readLine();
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split(",");
                    String json = "{\"timestamp\":\"" + f[0].replace(".000", "") + "\",\"value\":\"" + f[2]
                            + "\",\"name\":\"" + f[1] + "\",\"labels\":{\"__name__\":\"" + f[1]
                            + "\",\"series\":\"" + f[3] + "\"}}";
                    producer.send(new ProducerRecord<>("bf-metrics", json.getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            String store = dir.resolve("store-backfill").toString();
            String out = CliRun.ok("run", "--bounded", "--backfill", "14d", "--backfill-end", Timestamps.format(end),
                    "--prometheus", url, "--query", "suite_value", "--models", store,
                    "--set", "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--set", "kafka.topics.metrics=bf-metrics",
                    "--set", "kafka.starting-offsets=earliest", "--set", "kafka.transactional-id-prefix=bf-it",
                    "--set", "job.checkpoint-interval=1s", "--set", "job.parallelism=1");
            assertThat(out).contains("backfill: published version");
            String version = ModelStore.currentName(store);
            List<JsonNode> anomalies = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                    "vigil.anomalies"));
            long live = DetectionSuite.liveStartMs(14);
            assertThat(anomalies).isNotEmpty().allSatisfy(x -> assertThat(x.path("model").asText()).isEqualTo(version));
            assertThat(anomalies).anySatisfy(x -> {
                assertThat(x.path("labels").path("series").asText()).isEqualTo("s01");
                assertThat(Timestamps.parse(x.path("timestamp").asText())).isBetween(live, live + 1_800_000);
            });
        }
    }

    private List<String> replay(String store, String out) throws Exception {
        CliRun.ok("replay", "--in-memory", "--input", dir.resolve(DetectionSuite.LIVE_METRICS).toString(), "--out",
                dir.resolve(out).toString(), "--models", store);
        return Files.readAllLines(dir.resolve(out).resolve("scores.csv"));
    }
}
