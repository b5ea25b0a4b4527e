package io.vigil.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.testing.ChildProcesses;
import io.vigil.testing.KafkaBrokerProcess;
import io.vigil.testing.RemoteWriteBodies;
import io.vigil.testing.TopicReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kafka credentials from a file: a broker (its own process) that lets clients in only with a SASL
 * login, and the bridge configured with {@code kafka.properties-file} naming a properties file
 * that holds the password, as a mounted secret would. The bridge writes through it; with a wrong
 * password it stays unready; the password is in none of its log lines or metrics, nor in the
 * configuration Vigil logs at start.
 */
class KafkaCredentialsIT {
    @RegisterExtension
    static final ChildProcesses PROCESSES = new ChildProcesses();

    static final String PASSWORD = "k4fk4-S3CRET";

    /**
     * Static: deleted after the class's child processes are killed (their afterAll), not while the
     * broker still writes into it, which failed the deletion now and then.
     */
    @TempDir
    static Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    VigilConfig config(KafkaBrokerProcess kafka, Path clientProperties) {
        return ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", kafka.saslBootstrapServers(),
                "kafka.topics.metrics", "sasl-metrics", "bridge.listen", "127.0.0.1:0",
                "bridge.kafka-timeout", "5s", "kafka.properties-file", clientProperties.toString()));
    }

    Path clientProperties(String name, String password) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"vigil\" password=\"" + password + "\";",
                ""));
    }

    @Test
    void saslPasswordFromAFile_bridgeWritesThroughIt_neverLogsIt() throws Exception {
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(dir.resolve("kafka"), PROCESSES,
                new String[] {"vigil", PASSWORD}).awaitReady(Duration.ofSeconds(120));
        kafka.createTopics(1, List.of("sasl-metrics"));
        List<String> log = new CopyOnWriteArrayList<>();

        VigilConfig good = config(kafka, clientProperties("client.properties", PASSWORD));
        assertThat(good.kafka().clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(String.join("\n", ConfigLoader.describe(good))).doesNotContain(PASSWORD);
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(good.bridge(), good.kafka(), log::add)) {
            awaitReady(bridge, 200);
            HttpResponse<String> r = post(bridge);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            assertThat(get(bridge, "/metrics")).doesNotContain(PASSWORD);
        }
        assertThat(TopicReader.records(kafka.bootstrapServers(), "sasl-metrics")).hasSize(1);

        VigilConfig wrong = config(kafka, clientProperties("wrong.properties", "not-" + PASSWORD));
        try (RemoteWriteBridge bridge = RemoteWriteBridge.start(wrong.bridge(), wrong.kafka(), log::add)) {
            Thread.sleep(3_000);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/-/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            assertThat(post(bridge).statusCode()).isEqualTo(503);
        }
        assertThat(log).isNotEmpty().noneMatch(l -> l.contains(PASSWORD));
    }

    void awaitReady(RemoteWriteBridge bridge, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int code = 0;
        while (System.nanoTime() < deadline) {
            code = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/-/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            if (code == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("bridge /-/ready answered " + code + ", not " + status);
    }

    HttpResponse<String> post(RemoteWriteBridge b) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/api/v1/write"))
                .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(RemoteWriteBodies.body(
                        List.of(RemoteWriteBodies.series("up", Map.of("job", "a"), 1_795_000_000_000L, 1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(RemoteWriteBridge b, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
