package io.vigil.e2e;

import io.vigil.bridge.RemoteWriteBridge;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.ingest.RemoteWriteDecoder;
import io.vigil.ingest.RemoteWriteFormat;
import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;
import io.vigil.testing.LocalPrometheus;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.TopicReader;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;


import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end with a real Prometheus (Debian's package, installed by .ci/run): it scrapes itself and
 * an exporter this test controls every second and remote-writes to the bridge, which writes to an
 * in-process Kafka read by the job in a MiniCluster. Samples must arrive with their labels, and a
 * latency jump the test induces in the exporter must come out as a firing alert on the alerts topic.
 */
class PrometheusRemoteWriteIT {
    static final Duration WARM = Duration.ofSeconds(40);
    static final Duration ALERT_DEADLINE = Duration.ofSeconds(120);

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void prometheusRemoteWrite_toBridge_toJob_inducedLatencyJumpAlerts() throws Exception {
        assumeTrue(Files.isExecutable(LocalPrometheus.BINARY), "prometheus is not installed (.ci/run installs it)");
        long began = System.nanoTime();
        AtomicBoolean anomalous = new AtomicBoolean(false);
        HttpServer exporter = exporter(anomalous);
        int promPort = LocalPrometheus.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> o = new HashMap<>(Map.of("kafka.topics.metrics", "prom", "bridge.listen", "127.0.0.1:0",
                    "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "prom-e2e",
                    "job.checkpoint-interval", "1s", "job.parallelism", "2", "features.step", "1s",
                    "features.max-gap", "5s", "features.series-expiry", "1m", "ingest.max-out-of-orderness", "3s"));
            o.put("ingest.idleness", "2s");
            o.put("detect.robust.warmup", "20");
            // Prometheus' own start-up series are anomalous too; incidents never span scrape jobs, nor,
            // within the exporter's job, its own series (scrape_duration_seconds, no service label:
            // on a loaded machine it moves too) and the checkout service's.
            o.put("correlate.scope-labels", "job;service");
            VigilConfig c = ConfigLoader.load(null, o);
            VigilConfig cfg = c.withKafka(c.kafka().withBootstrapServers(kafka.bootstrapServers()));
            kafka.createTopics(2, List.of("prom"));
            kafka.createTopics(1, cfg.kafka().outputTopics());

            StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
            PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), false), cfg);
            KafkaIO.attachSinks(out, cfg.kafka());
            JobClient job = env.executeAsync("vigil-prometheus-e2e");
            Process prometheus = null;
            try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add)) {
                prometheus = startPrometheus(promPort, exporter.getAddress().getPort(), bridge.port());
                Thread.sleep(WARM.toMillis());
                anomalous.set(true);
                long jumped = System.nanoTime();
                Thread.sleep(12_000);
                anomalous.set(false);

                Optional<JsonNode> alert = Optional.empty();
                long deadline = System.nanoTime() + ALERT_DEADLINE.toNanos();
                while (alert.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(2000);
                    alert = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                            cfg.kafka().topics().alerts())).stream()
                            .filter(a -> a.path("status").asText().equals("firing"))
                            .filter(a -> a.path("labels").path("service").asText().equals("checkout"))
                            .findFirst();
                }
                assertThat(alert).as("a firing alert for the induced latency jump; %s", diagnosis(kafka, cfg)).isPresent();
                System.out.printf("prometheus e2e: alert %.1f s after the jump began%n",
                        (System.nanoTime() - jumped) / 1e9);

                // The samples as Prometheus sent them: its own series and the exporter's, with their labels.
                Map<String, Map<String, String>> seen = seriesInTopic(kafka.bootstrapServers(), "prom");
                assertThat(seen).hasKeySatisfying(new org.assertj.core.api.Condition<>(
                        k -> k.startsWith("prometheus_build_info"), "prometheus' own series"));
                Map<String, String> latency = seen.values().stream()
                        .filter(l -> "e2e_latency_seconds".equals(l.get("__name__"))).findFirst().orElseThrow();
                assertThat(latency).containsEntry("service", "checkout").containsEntry("job", "exporter")
                        .containsEntry("instance", "127.0.0.1:" + exporter.getAddress().getPort());
                assertThat(bridge.metrics().samplesWritten()).isGreaterThan(1000);

                List<JsonNode> anomalies = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                        cfg.kafka().topics().anomalies()));
                assertThat(anomalies).anySatisfy(a -> {
                    assertThat(a.path("metric").asText()).isEqualTo("e2e_latency_seconds");
                    assertThat(a.path("labels").path("job").asText()).isEqualTo("exporter");
                    assertThat(a.path("direction").asText()).isEqualTo("up");
                });
            } finally {
                if (prometheus != null) {
                    prometheus.destroy();
                    prometheus.waitFor();
                }
                job.cancel().get();
            }
        } finally {
            exporter.stop(0);
        }
        System.out.printf("prometheus e2e: %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    /** What came out of the job, for a failure message. */
    private String diagnosis(EmbeddedKafka kafka, VigilConfig cfg) {
        String b = kafka.bootstrapServers();
        List<String> anomalies = TopicReader.readCommitted(b, cfg.kafka().topics().anomalies());
        return "bridge log " + log + "; anomalies " + anomalies.size() + " (e2e: "
                + anomalies.stream().filter(a -> a.contains("e2e_")).limit(3).toList() + "); incidents "
                + TopicReader.readCommitted(b, cfg.kafka().topics().incidents()).stream().limit(3).toList() + "; alerts "
                + TopicReader.readCommitted(b, cfg.kafka().topics().alerts()) + "; dead letters "
                + TopicReader.readCommitted(b, cfg.kafka().topics().deadLetter()).stream().limit(3).toList();
    }

    /** Serves /metrics: a latency gauge around 100 ms (20x while {@code anomalous}) and a request counter. */
    private static HttpServer exporter(AtomicBoolean anomalous) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Random r = new Random(7);
        long[] requests = {0};
        s.createContext("/metrics", ex -> {
            double latency;
            synchronized (r) {
                latency = 0.1 * (1 + 0.03 * r.nextGaussian()) * (anomalous.get() ? 20 : 1);
                requests[0] += 50 + r.nextInt(5);
            }
            String body = "# TYPE e2e_latency_seconds gauge\ne2e_latency_seconds{service=\"checkout\"} " + latency
                    + "\n# TYPE e2e_requests_total counter\ne2e_requests_total{service=\"checkout\"} " + requests[0] + "\n";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    private Process startPrometheus(int port, int exporterPort, int bridgePort) throws Exception {
        return LocalPrometheus.start(dir, port, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: exporter
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s}
                """.formatted(port, exporterPort, bridgePort), dir.resolve("data"));
    }

    /** Every series in the topic's remote-write records, by its label list, with its labels. */
    private static Map<String, Map<String, String>> seriesInTopic(String bootstrap, String topic) throws Exception {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (byte[] value : rawRecords(bootstrap, topic)) {
            for (TimeSeries ts : RemoteWriteDecoder.parse(value, 1 << 26).getTimeseriesList()) {
                Map<String, String> labels = new HashMap<>();
                for (Label l : ts.getLabelsList()) {
                    labels.put(l.getName(), l.getValue());
                }
                out.put(labels.get("__name__") + labels, labels);
            }
        }
        return out;
    }

    /** The topic's record values up to its end offsets now (Prometheus keeps writing meanwhile). */
    private static List<byte[]> rawRecords(String bootstrap, String topic) {
        List<byte[]> out = new java.util.ArrayList<>();
        for (var r : TopicReader.records(bootstrap, topic)) {
            assertThat(RemoteWriteFormat.isRemoteWrite(r.headers())).isTrue();
            out.add(r.value());
        }
        return out;
    }
}
