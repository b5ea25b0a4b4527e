package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager, installed by .ci/run) receives a firing
 * alert from Vigil's notifier payload and later its resolution, checked through its own API.
 */
class AlertmanagerIT {
    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void firingThenResolved_seenThroughAlertmanagersApi() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (.ci/run installs it)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: log\nreceivers:\n  - name: log\n");
        Process am = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile())
                .start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpClient http = HttpClient.newHttpClient();
            waitReady(http, base.resolve("/-/ready"));

            Instant start = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            String firing = "{\"fingerprint\":\"9f2786c077386f68\",\"status\":\"firing\",\"labels\":{\"alertname\":"
                    + "\"VigilIncident\",\"severity\":\"critical\",\"service\":\"payment\"},\"annotations\":{\"summary\":"
                    + "\"payment: 3 anomalous series\"},\"startsAt\":\"" + start + "\",\"incidentId\":\"inc-1\","
                    + "\"severityScore\":0.8}";
            HttpDelivery delivery = new HttpDelivery(HttpDelivery.Policy.DEFAULT);
            URI alerts = base.resolve("/api/v2/alerts");
            assertThat(delivery.post(alerts, Payloads.alertmanager(List.of(AlertMessage.parse(firing))), Map.of())
                    .delivered()).isTrue();
            JsonNode active = get(http, base.resolve("/api/v2/alerts?active=true"));
            assertThat(active).hasSize(1);
            assertThat(active.get(0).at("/labels/service").asText()).isEqualTo("payment");
            assertThat(active.get(0).at("/annotations/incident_id").asText()).isEqualTo("inc-1");
            assertThat(active.get(0).at("/status/state").asText()).isEqualTo("active");

            String resolved = firing.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
                    .replace("\"incidentId\"", "\"endsAt\":\"" + Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS)
                            + "\",\"incidentId\"");
            assertThat(delivery.post(alerts, Payloads.alertmanager(List.of(AlertMessage.parse(resolved))), Map.of())
                    .delivered()).isTrue();
            assertThat(get(http, base.resolve("/api/v2/alerts?active=true"))).as("resolved: no longer active").isEmpty();
        } finally {
            am.destroy();
            am.waitFor();
        }
    }

    static void waitReady(HttpClient http, URI ready) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("alertmanager did not become ready at " + ready);
    }

    static JsonNode get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
