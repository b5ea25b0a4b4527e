package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.bridge.RemoteWriteBridge;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.ingest.RemoteWriteDecoder;
import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.Sample;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.notify.HttpDelivery;
import io.vigil.notify.Notifier;
import io.vigil.testing.AlertRecords;
import io.vigil.testing.ChildProcesses;
import io.vigil.testing.KafkaBrokerProcess;
import io.vigil.testing.LocalPrometheus;
import io.vigil.testing.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka broker (its own process) stopped for 15 s and started again while a real Prometheus
 * (Debian's) remote-writes through the bridge and {@code vigil notify} reads the alerts topic. The
 * bridge answers 503 while Kafka is away, Prometheus retries on its own, and afterwards every
 * sample Prometheus scraped of the probe series is in the topic; the notifier rides the outage out
 * and delivers the alert written before it and the one written after it, each once.
 */
@Tag("reliability")
class BrokerRestartIT {
    static final int PROBES = 20;
    static final Duration DOWN = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ChildProcesses PROCESSES = new ChildProcesses();

    /**
     * Static: deleted after the class's child processes are killed (their afterAll), not while the
     * broker still writes into it, which failed the deletion now and then.
     */
    @TempDir
    static Path dir;

    @Test
    void brokerRestarted_underBridgeAndNotify_prometheusCatchesUp_everyAlertOnce() throws Exception {
        assumeTrue(Files.isExecutable(LocalPrometheus.BINARY), "prometheus is not installed (.ci/run installs it)");
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("kafka"), PROCESSES)
                .awaitReady(Duration.ofSeconds(90));
        broker.createTopics(2, List.of("prom"));
        broker.createTopics(1, List.of("vigil.alerts", "vigil.notify.deadletter"));
        VigilConfig c = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "prom", "bridge.listen",
                "127.0.0.1:0", "bridge.kafka-timeout", "2s"));
        VigilConfig cfg = c.withKafka(c.kafka().withBootstrapServers(broker.bootstrapServers()));

        HttpServer exporter = exporter();
        List<String> chats = new CopyOnWriteArrayList<>();
        HttpServer slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/", ex -> {
            chats.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        slack.start();
        Notifier notifier = new Notifier(broker.bootstrapServers(), "vigil.alerts", "vigil.notify.deadletter",
                "restart-notify", new Notifier.Channels(null, null,
                        URI.create("http://127.0.0.1:" + slack.getAddress().getPort() + "/hook"), null),
                new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> { });
        boolean[] notifierOk = {false};
        Thread notifying = new Thread(() -> notifierOk[0] = notifier.run(null), "notifier");
        Process prometheus = null;
        List<String> bridgeLog = new CopyOnWriteArrayList<>();
        int promPort = LocalPrometheus.freePort();
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), bridgeLog::add)) {
            notifying.start();
            prometheus = LocalPrometheus.start(dir, promPort, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: probe
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    remote_write:
                      - url: http://127.0.0.1:%d/api/v1/write
                        queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 2s}
                    """.formatted(exporter.getAddress().getPort(), bridge.port()), dir.resolve("data"));
            produceAlert(broker, AlertRecords.alert("before", "firing", "critical", "svc-before"));
            Thread.sleep(10_000);

            broker.restart(DOWN);
            broker.awaitReady(Duration.ofSeconds(90));
            produceAlert(broker, AlertRecords.alert("after", "firing", "critical", "svc-after"));
            Thread.sleep(10_000);
            long until = System.currentTimeMillis() - 3_000;

            // Prometheus' own record of what it scraped, then the topic until it holds all of it.
            Map<String, Set<Long>> scraped = scraped(promPort, until);
            assertThat(scraped).hasSize(PROBES);
            long expected = scraped.values().stream().mapToLong(Set::size).sum();
            long[] missing = {expected};
            AtomicLong duplicates = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (missing[0] > 0 && System.nanoTime() < deadline) {
                Thread.sleep(2_000);
                Map<String, Map<Long, Integer>> inKafka = probesInTopic(broker.bootstrapServers());
                missing[0] = 0;
                duplicates.set(0);
                scraped.forEach((probe, times) -> {
                    Map<Long, Integer> got = inKafka.getOrDefault(probe, Map.of());
                    for (long t : times) {
                        int n = got.getOrDefault(t, 0);
                        if (n == 0) {
                            missing[0]++;
                        } else if (n > 1) {
                            duplicates.addAndGet(n - 1);
                        }
                    }
                });
            }
            String metrics = bridge.metrics().text();
            System.out.printf("broker restart: %,d samples scraped of %d probes, %d missing from the topic, %d written "
                    + "twice; bridge responses %s%n", expected, PROBES, missing[0], duplicates.get(),
                    metrics.lines().filter(l -> l.startsWith("vigil_bridge_responses_total{")).toList());
            assertThat(missing[0]).as("every scraped sample in Kafka after Prometheus caught up").isZero();
            assertThat(metrics).as("Kafka away: 503, so Prometheus retried").contains("code=\"503\"");
            assertThat(expected).as("scrapes span the outage").isGreaterThan(PROBES * (DOWN.toSeconds() + 10));

            long waitAlerts = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (chats.size() < 2 && System.nanoTime() < waitAlerts) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000);
            assertThat(chats).extracting(b -> JSON.readTree(b).path("text").asText())
                    .containsExactly(":rotating_light: *CRITICAL* alert before", ":rotating_light: *CRITICAL* alert after");
            assertThat(notifying.isAlive()).as("the notifier rode the outage out").isTrue();
        } finally {
            notifier.stop();
            notifying.join(30_000);
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor();
            }
            exporter.stop(0);
            slack.stop(0);
        }
        assertThat(notifierOk[0]).isTrue();
    }

    static void produceAlert(KafkaBrokerProcess broker, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("vigil.alerts", value)).get();
        }
    }

    /** Serves {@value #PROBES} gauges, each scrape a new value. */
    static HttpServer exporter() throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicLong scrapes = new AtomicLong();
        s.createContext("/metrics", ex -> {
            long n = scrapes.incrementAndGet();
            StringBuilder body = new StringBuilder("# TYPE restart_probe gauge\n");
            for (int i = 0; i < PROBES; i++) {
                body.append("restart_probe{probe=\"").append(i).append("\"} ").append(n + i).append('\n');
            }
            byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    /** The probe samples Prometheus holds up to {@code untilMs}, by probe: their timestamps. */
    static Map<String, Set<Long>> scraped(int port, long untilMs) throws Exception {
        URI q = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=restart_probe%5B10m%5D&time="
                + untilMs / 1000.0);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(q).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Set<Long>> out = new HashMap<>();
        for (JsonNode series : JSON.readTree(r.body()).at("/data/result")) {
            Set<Long> times = new TreeSet<>();
            for (JsonNode v : series.path("values")) {
                times.add(Math.round(v.get(0).asDouble() * 1000));
            }
            out.put(series.at("/metric/probe").asText(), times);
        }
        return out;
    }

    /** Probe samples in the metrics topic: probe → timestamp → how many times it was written. */
    static Map<String, Map<Long, Integer>> probesInTopic(String bootstrap) throws Exception {
        Map<String, Map<Long, Integer>> out = new HashMap<>();
        for (var rec : TopicReader.records(bootstrap, "prom")) {
            for (TimeSeries ts : RemoteWriteDecoder.parse(rec.value(), 1 << 26).getTimeseriesList()) {
                String name = null;
                String probe = null;
                for (Label l : ts.getLabelsList()) {
                    if (l.getName().equals("__name__")) {
                        name = l.getValue();
                    } else if (l.getName().equals("probe")) {
                        probe = l.getValue();
                    }
                }
                if ("restart_probe".equals(name)) {
                    for (Sample s : ts.getSamplesList()) {
                        out.computeIfAbsent(probe, k -> new HashMap<>()).merge(s.getTimestamp(), 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }
}
