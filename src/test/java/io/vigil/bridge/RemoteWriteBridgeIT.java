package io.vigil.bridge;

import io.vigil.config.BridgeConfig;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.ingest.RouteIngested;
import io.vigil.ingest.RemoteWriteDecoder;
import io.vigil.ingest.RemoteWriteFormat;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.RemoteWriteBodies;
import io.vigil.testing.SpikeScenario;
import io.vigil.testing.TopicReader;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge over HTTP against a real Kafka broker: what it writes (headers, partitions, samples),
 * how it answers (204, 4xx by guard, 401, 503 when Kafka is gone, TLS), and the job reading its
 * records and adapter JSON from one topic to the same alert.
 */
class RemoteWriteBridgeIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static EmbeddedKafka kafka;
    final List<String> log = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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

    VigilConfig config(String topic, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("kafka.topics.metrics", topic, "bridge.listen", "127.0.0.1:0",
                "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "bridge-it-" + topic,
                "job.checkpoint-interval", "1s", "job.parallelism", "2"));
        o.putAll(extra);
        VigilConfig c = ConfigLoader.load(null, o);
        return c.withKafka(c.kafka().withBootstrapServers(kafka.bootstrapServers()));
    }

    HttpResponse<String> post(RemoteWriteBridge b, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/api/v1/write"))
                .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(RemoteWriteBridge b, byte[] body, String contentType, String version) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/api/v1/write"))
                .header("Content-Encoding", "snappy").header("Content-Type", contentType)
                .header("X-Prometheus-Remote-Write-Version", version).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(RemoteWriteBridge b, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        return TopicReader.records(kafka.bootstrapServers(), topic);
    }

    @Test
    void spikeScenarioThroughTheBridgeAndAsAdapterJson_oneTopic_jobAlerts() throws Exception {
        String topic = "rw-mixed";
        kafka.createTopics(3, List.of(topic));
        VigilConfig cfg = config(topic, Map.of());
        kafka.createTopics(1, List.of(cfg.kafka().topics().anomalies() + "-m", cfg.kafka().topics().incidents() + "-m",
                cfg.kafka().topics().alerts() + "-m", cfg.kafka().topics().deadLetter() + "-m"));
        var rows = SpikeScenario.rows(11);
        int viaBridge = 0;
        int viaAdapter = 0;
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add);
             var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            // One scrape (four series) a request, as Prometheus sends; memory_bytes comes as adapter JSON.
            List<TimeSeries> batch = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                var row = rows.get(i);
                if (row.metric().equals("memory_bytes")) {
                    producer.send(new ProducerRecord<>(topic, SpikeScenario.adapterJson(row).getBytes(StandardCharsets.UTF_8)));
                    viaAdapter++;
                } else {
                    batch.add(RemoteWriteBodies.series(row.metric(), Map.of("service", row.service(),
                            "namespace", "prod", "instance", row.service() + "-1:9100"), row.timestampMs(), row.value()));
                }
                if (batch.size() == 3) {
                    assertThat(post(bridge, RemoteWriteBodies.body(batch), null).statusCode()).isEqualTo(204);
                    viaBridge += 3;
                    batch.clear();
                }
            }
            // A staleness marker ends one series; a NaN that is not one is skipped.
            double staleNaN = Double.longBitsToDouble(RemoteWriteFormat.STALE_NAN_BITS);
            long end = SpikeScenario.minuteMs(SpikeScenario.MINUTES);
            assertThat(post(bridge, RemoteWriteBodies.body(List.of(RemoteWriteBodies.series("latency_seconds",
                    Map.of("service", "db", "namespace", "prod", "instance", "db-1:9100"), end, staleNaN),
                    RemoteWriteBodies.series("ratio", Map.of("service", "db"), end, Double.NaN))), null).statusCode())
                    .isEqualTo(204);
            producer.flush();
            assertThat(bridge.metrics().samplesWritten()).isEqualTo(viaBridge + 2);
        }

        // What is in Kafka: headers mark the format; a series never changes partition.
        Map<String, Integer> partitionOf = new TreeMap<>();
        int rwRecords = 0;
        for (var r : records(topic)) {
            if (!RemoteWriteFormat.isRemoteWrite(r.headers())) {
                continue;
            }
            rwRecords++;
            for (TimeSeries ts : RemoteWriteDecoder.parse(r.value(), 1 << 20).getTimeseriesList()) {
                Integer before = partitionOf.put(ts.getLabelsList().toString(), r.partition());
                assertThat(before == null || before == r.partition()).isTrue();
            }
        }
        assertThat(rwRecords).isGreaterThan(rows.size() / 4);
        assertThat(partitionOf).hasSize(4); // three scenario series + ratio

        VigilConfig jobCfg = cfg.withKafka(ConfigLoader.load(null, Map.of("kafka.topics.metrics", topic,
                "kafka.starting-offsets", "earliest", "kafka.transactional-id-prefix", "bridge-it-job",
                "kafka.topics.anomalies", cfg.kafka().topics().anomalies() + "-m",
                "kafka.topics.incidents", cfg.kafka().topics().incidents() + "-m",
                "kafka.topics.alerts", cfg.kafka().topics().alerts() + "-m",
                "kafka.topics.deadletter", cfg.kafka().topics().deadLetter() + "-m")).kafka()
                .withBootstrapServers(kafka.bootstrapServers()));
        StreamExecutionEnvironment env = FlinkSettings.environment(jobCfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, jobCfg.kafka(), jobCfg.ingest(), true), jobCfg);
        KafkaIO.attachSinks(out, jobCfg.kafka());
        JobExecutionResult result = env.execute("vigil-bridge-it");

        assertThat(result.<Long>getAccumulatorResult(RouteIngested.ACC_PARSED)).isEqualTo(viaBridge + viaAdapter + 1L);
        assertThat(result.<Long>getAccumulatorResult(RouteIngested.ACC_REJECTED)).isZero();
        List<JsonNode> alerts = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                jobCfg.kafka().topics().alerts()));
        assertThat(alerts).extracting(a -> a.path("status").asText()).contains("firing");
        List<JsonNode> anomalies = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                jobCfg.kafka().topics().anomalies()));
        List<JsonNode> dead = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(),
                jobCfg.kafka().topics().deadLetter()));
        assertThat(dead).as("nothing late although partitions were read unevenly").isEmpty();
        assertThat(anomalies).anySatisfy(a -> {
            assertThat(a.path("metric").asText()).isEqualTo("latency_seconds");
            assertThat(a.path("labels").path("service").asText()).isEqualTo("db");
            assertThat(a.path("labels").path("instance").asText()).isEqualTo("db-1:9100");
        });
    }

    @Test
    void guards_answerWithTheRightStatus_countedByReason() throws Exception {
        String topic = "rw-guards";
        kafka.createTopics(2, List.of(topic));
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        VigilConfig cfg = config(topic, Map.of("bridge.auth.bearer-token-file", token.toString(),
                "bridge.limits.max-body-bytes", "2048", "bridge.limits.max-labels-per-series", "6"));
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add)) {
            byte[] ok = RemoteWriteBodies.body(List.of(RemoteWriteBodies.series("up", Map.of("job", "a"), 1000, 1)));
            assertThat(post(bridge, ok, null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = post(bridge, ok, "Bearer wr0ngT0ken");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("wr0ngT0ken").doesNotContain("s3cret");
            assertThat(post(bridge, ok, "Bearer s3cret").statusCode()).isEqualTo(204);

            byte[] big = RemoteWriteBodies.body(RemoteWriteBodies.fleet(200, 1000, 1));
            assertThat(big.length).isGreaterThan(2048);
            HttpResponse<String> tooBig = post(bridge, big, "Bearer s3cret");
            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(tooBig.body()).contains("bridge.limits.max-body-bytes 2048");

            HttpResponse<String> junk = post(bridge, new byte[] {1, 2, 3}, "Bearer s3cret");
            assertThat(junk.statusCode()).isEqualTo(400);

            Map<String, String> wide = new TreeMap<>();
            for (int i = 0; i < 8; i++) {
                wide.put("l" + i, "v");
            }
            HttpResponse<String> partial = post(bridge, RemoteWriteBodies.body(List.of(
                    RemoteWriteBodies.series("up", Map.of("job", "b"), 1000, 1),
                    RemoteWriteBodies.series("wide", wide, 1000, 1))), "Bearer s3cret");
            assertThat(partial.statusCode()).isEqualTo(400);
            assertThat(partial.body()).startsWith("wrote 1 series; refused 1 {too_many_labels=1}");

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bridge.port() + "/api/v1/write")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);

            String metrics = get(bridge, "/metrics");
            assertThat(metrics).contains("vigil_bridge_rejected_requests_total{reason=\"unauthorized\"} 2",
                    "vigil_bridge_rejected_requests_total{reason=\"body_too_large\"} 1",
                    "vigil_bridge_rejected_requests_total{reason=\"bad_snappy\"} 1",
                    "vigil_bridge_rejected_series_total{reason=\"too_many_labels\"} 1",
                    "vigil_bridge_written_samples_total 2", "vigil_bridge_responses_total{code=\"204\"} 1",
                    "vigil_bridge_request_duration_seconds_count 7", "vigil_bridge_known_series 2");
            assertThat(get(bridge, "/-/healthy")).isEqualTo("OK\n");
            assertThat(records(topic)).hasSize(2);
            assertThat(metrics).doesNotContain("s3cret").doesNotContain("wr0ngT0ken");
        }
        // Neither the token nor a wrong one (often a near miss of a real one) is ever written down.
        assertThat(log).noneMatch(l -> l.contains("s3cret") || l.contains("wr0ngT0ken"));
    }

    @Test
    void remoteWrite2_refused415SayingHowToConfigurePrometheus_nothingForwarded_1point0StillWritten() throws Exception {
        String topic = "rw-content-type";
        kafka.createTopics(1, List.of(topic));
        VigilConfig cfg = config(topic, Map.of());
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add)) {
            // The very bytes that are written below under 1.0: refused by the header alone.
            byte[] body = RemoteWriteBodies.body(List.of(RemoteWriteBodies.series("up", Map.of("job", "a"), 1000, 1)));
            HttpResponse<String> v2 = post(bridge, body, "application/x-protobuf;proto=io.prometheus.write.v2.Request",
                    "2.0.0");
            assertThat(v2.statusCode()).isEqualTo(415);
            assertThat(v2.body()).contains("io.prometheus.write.v2.Request (remote-write 2.0)",
                    "accepts Prometheus remote-write 1.0", "protobuf_message: prometheus.WriteRequest");
            assertThat(post(bridge, body, "application/json", "0.1.0").statusCode()).isEqualTo(415);
            assertThat(get(bridge, "/metrics")).contains(
                    "vigil_bridge_rejected_requests_total{reason=\"unsupported_content_type\"} 2",
                    "vigil_bridge_responses_total{code=\"415\"} 2", "vigil_bridge_written_samples_total 0");
            assertThat(records(topic)).as("nothing forwarded").isEmpty();

            assertThat(post(bridge, body, "application/x-protobuf", "0.1.0").statusCode()).isEqualTo(204);
            assertThat(post(bridge, RemoteWriteBodies.body(List.of(RemoteWriteBodies.series("up", Map.of("job", "a"),
                    2000, 1))), "application/x-protobuf;proto=prometheus.WriteRequest", "1.0.0").statusCode())
                    .isEqualTo(204);
            assertThat(bridge.metrics().samplesWritten()).isEqualTo(2);
            assertThat(records(topic)).hasSize(2);
        }
    }

    @Test
    void shutdownWhileWriting_everyAcknowledgedSampleIsInKafka_theRestWasToldToRetry() throws Exception {
        String topic = "rw-shutdown";
        kafka.createTopics(3, List.of(topic));
        VigilConfig cfg = config(topic, Map.of());
        RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add);
        java.util.concurrent.atomic.AtomicLong acknowledged = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int shard = s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    byte[] body = RemoteWriteBodies.body(RemoteWriteBodies.fleet(200, 1_000_000L * (i + 1) + shard, shard));
                    try {
                        int code = post(bridge, body, null).statusCode();
                        if (code == 204) {
                            acknowledged.addAndGet(200);
                        } else {
                            assertThat(code).isEqualTo(503);
                            refused.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        refused.incrementAndGet(); // the listener is gone: Prometheus retries elsewhere
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            t.start();
            senders.add(t);
        }
        while (acknowledged.get() < 20_000) {
            Thread.sleep(20);
        }
        bridge.close();
        for (Thread t : senders) {
            t.join();
        }
        long inKafka = 0;
        for (var r : records(topic)) {
            for (TimeSeries ts : RemoteWriteDecoder.parse(r.value(), 1 << 26).getTimeseriesList()) {
                inKafka += ts.getSamplesCount();
            }
        }
        assertThat(refused.get()).as("some writes came after the shutdown began").isPositive();
        assertThat(inKafka).isEqualTo(acknowledged.get());
        assertThat(log).anyMatch(l -> l.startsWith("bridge: stopped; " + acknowledged.get() + " samples written"));
    }

    @Test
    void kafkaUnreachable_503SoPrometheusRetries_notReady() throws Exception {
        VigilConfig base = config("nowhere", Map.of("bridge.kafka-timeout", "1s"));
        VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers("127.0.0.1:1"));
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add)) {
            HttpResponse<String> r = post(bridge, RemoteWriteBodies.body(List.of(
                    RemoteWriteBodies.series("up", Map.of(), 1000, 1))), null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
            assertThat(post(bridge, new byte[] {1, 2, 3}, null).statusCode()).as("bad data: 4xx even now").isEqualTo(400);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/-/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            assertThat(get(bridge, "/metrics")).contains("vigil_bridge_rejected_requests_total{reason=\"kafka_unavailable\"} 1");
        }
    }

    /** Runs openssl with these arguments; skips the test when openssl is not installed. */
    static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("openssl is not installed");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    /**
     * Every key encoding a Kubernetes TLS secret carries: PKCS#8 (RSA, EC), PKCS#1 RSA (cert-manager's
     * default) and SEC1 EC. Each serves a real HTTPS write.
     */
    @Test
    void tls_everyKeyEncoding_servesHttps() throws Exception {
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        keys.put("BEGIN PRIVATE KEY", List.of("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"));
        keys.put("BEGIN RSA PRIVATE KEY", List.of("genrsa", "-traditional", "2048"));
        keys.put("BEGIN EC PRIVATE KEY", List.of("ecparam", "-name", "prime256v1", "-genkey", "-noout"));
        keys.put("BEGIN PRIVATE KEY ", List.of("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"));
        String topic = "rw-tls";
        kafka.createTopics(1, List.of(topic));
        int n = 0;
        for (var k : keys.entrySet()) {
            Path key = dir.resolve("tls" + n + ".key");
            Path cert = dir.resolve("tls" + n + ".crt");
            n++;
            List<String> gen = new java.util.ArrayList<>(k.getValue());
            gen.addAll(1, List.of("-out", key.toString()));
            openssl(gen.toArray(new String[0]));
            assertThat(Files.readString(key)).as(k.getKey()).contains(k.getKey().trim() + "-----");
            openssl("req", "-x509", "-key", key.toString(), "-days", "1", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=IP:127.0.0.1", "-out", cert.toString());
            VigilConfig cfg = config(topic, Map.of("bridge.tls.cert-file", cert.toString(), "bridge.tls.key-file",
                    key.toString()));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (var in = Files.newInputStream(cert)) {
                trust.setCertificateEntry("bridge", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
            try (RemoteWriteBridge bridge = RemoteWriteBridge.start(cfg.bridge(), cfg.kafka(), log::add)) {
                HttpResponse<String> r = https.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + bridge.port() + "/api/v1/write"))
                        .header("Content-Encoding", "snappy").POST(HttpRequest.BodyPublishers.ofByteArray(
                                RemoteWriteBodies.body(List.of(RemoteWriteBodies.series("up", Map.of(), 1000, 1)))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(k.getKey()).isEqualTo(204);
                assertThat(bridge.metrics().samplesWritten()).isEqualTo(1);
            }
        }
    }

    @Test
    void unreadableKey_errorNamesTheFile() throws Exception {
        Path cert = dir.resolve("c.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=x", "-keyout",
                dir.resolve("unused.key").toString(), "-out", cert.toString());
        Path rsa = Files.writeString(dir.resolve("k.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PemTls.context(cert, rsa))
                .hasMessageContaining(rsa.toString());
        Path ec = Files.writeString(dir.resolve("e.pem"), "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PemTls.context(cert, ec))
                .hasMessageContaining(ec.toString()).hasMessageContaining("curve");
        Path none = Files.writeString(dir.resolve("n.pem"), "hello");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PemTls.context(cert, none))
                .hasMessageContaining(none.toString()).hasMessageContaining("BEGIN RSA PRIVATE KEY");
    }
}
