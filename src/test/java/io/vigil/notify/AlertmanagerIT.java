package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.demo.EmbeddedKafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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
 * alert from Vigil's notifier payload and later its resolution, checked through its own API; and a
 * notifier reading a real (in-process) Kafka keeps a long incident active past Alertmanager's
 * resolve_timeout and across its own restart, behind a route prefix.
 */
class AlertmanagerIT {
    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.vigil.testing.ChildProcesses PROCESSES = new io.vigil.testing.ChildProcesses();

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    /** An Alertmanager on loopback; {@code base} includes the route prefix. */
    record Running(Process process, URI base) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    Running alertmanager(String routePrefix, String resolveTimeout) throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (.ci/run installs it)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "global:\n  resolve_timeout: " + resolveTimeout
                + "\nroute:\n  receiver: log\nreceivers:\n  - name: log\n");
        List<String> args = new java.util.ArrayList<>(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="));
        if (!routePrefix.isEmpty()) {
            args.add("--web.route-prefix=" + routePrefix);
        }
        Process am = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile())
                .start();
        URI base = URI.create("http://127.0.0.1:" + port + routePrefix);
        try {
            waitReady(http, URI.create(base + "/-/ready"));
        } catch (RuntimeException e) {
            am.destroy();
            throw e;
        }
        return new Running(am, base);
    }

    @Test
    void firingThenResolved_seenThroughAlertmanagersApi() throws Exception {
        try (Running am = alertmanager("", "5m")) {
            URI base = am.base();
            Instant start = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            String firing = "{\"fingerprint\":\"9f2786c077386f68\",\"status\":\"firing\",\"labels\":{\"alertname\":"
                    + "\"VigilIncident\",\"severity\":\"critical\",\"service\":\"payment\"},\"annotations\":{\"summary\":"
                    + "\"payment: 3 anomalous series\"},\"startsAt\":\"" + start + "\",\"incidentId\":\"inc-1\","
                    + "\"severityScore\":0.8}";
            HttpDelivery delivery = new HttpDelivery(HttpDelivery.Policy.DEFAULT);
            URI alerts = base.resolve("/api/v2/alerts");
            assertThat(delivery.post(alerts, Payloads.alertmanager(List.of(AlertMessage.parse(firing)), Instant.now(),
                    Duration.ofMinutes(4), "https://vigil.example/incidents/{incident}"), Map.of()).delivered()).isTrue();
            JsonNode active = get(http, base.resolve("/api/v2/alerts?active=true"));
            assertThat(active).hasSize(1);
            assertThat(active.get(0).at("/labels/service").asText()).isEqualTo("payment");
            assertThat(active.get(0).at("/annotations/incident_id").asText()).isEqualTo("inc-1");
            assertThat(active.get(0).at("/status/state").asText()).isEqualTo("active");
            assertThat(active.get(0).get("generatorURL").asText()).isEqualTo("https://vigil.example/incidents/inc-1");

            String resolved = firing.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
                    .replace("\"incidentId\"", "\"endsAt\":\"" + Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS)
                            + "\",\"incidentId\"");
            assertThat(delivery.post(alerts, Payloads.alertmanager(List.of(AlertMessage.parse(resolved)), Instant.now(),
                    Duration.ofMinutes(4), ""), Map.of()).delivered()).isTrue();
            assertThat(get(http, base.resolve("/api/v2/alerts?active=true"))).as("resolved: no longer active").isEmpty();
        }
    }

    /**
     * Alertmanager resolves an alert after resolve_timeout (1 s here) unless it is re-sent, and
     * each re-send here holds for 8 s (4 intervals of 2 s: room for the restarted notifier to
     * rejoin its group on a loaded machine); the checks come after both have run out.
     * Alertmanager keeps its own real clock, so this test waits for it (about 25 s in all).
     */
    @Test
    void longIncident_activePastResolveTimeoutAndANotifierRestart_resolvedByItsResolution() throws Exception {
        try (Running am = alertmanager("/am", "1s"); EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("vigil.alerts", "vigil.notify.deadletter"));
            Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            String firing = "{\"fingerprint\":\"5c0ffee\",\"status\":\"firing\",\"labels\":{\"alertname\":"
                    + "\"VigilIncident\",\"severity\":\"warning\",\"service\":\"checkout\"},\"annotations\":"
                    + "{\"summary\":\"checkout: 2 anomalous series\"},\"startsAt\":\"" + start + "\",\"incidentId\":"
                    + "\"inc-long\",\"severityScore\":0.6}";
            produce(kafka, firing);
            Notifier.Channels channels = new Notifier.Channels(null, null, null, am.base(), Duration.ofSeconds(2),
                    "https://vigil.example/incidents/{incident}");
            URI activeAlerts = URI.create(am.base() + "/api/v2/alerts?active=true");

            Background first = Background.run(notifier(kafka, channels));
            assertThat(waitFor(() -> get(http, activeAlerts).size() == 1)).as("delivered behind the route prefix").isTrue();
            JsonNode delivered = get(http, activeAlerts).get(0);
            assertThat(delivered.get("generatorURL").asText()).isEqualTo("https://vigil.example/incidents/inc-long");
            Instant firstEndsAt = Instant.parse(delivered.get("endsAt").asText());

            waitPast(firstEndsAt.plusSeconds(1));
            JsonNode stillActive = single(get(http, activeAlerts));
            assertThat(Instant.parse(stillActive.get("endsAt").asText())).as("re-sent with a later endsAt")
                    .isAfter(firstEndsAt);
            assertThat(first.notifier().metrics()).contains("vigil_notify_alertmanager_firing 1")
                    .doesNotContain("vigil_notify_alertmanager_resends_total 0\n");
            first.stop();

            // Restarted: nothing left to read, the firing set comes back from the committed records.
            Instant lastEndsAt = Instant.parse(single(get(http, activeAlerts)).get("endsAt").asText());
            Background second = Background.run(notifier(kafka, channels));
            waitPast(lastEndsAt.plusSeconds(1));
            assertThat(get(http, activeAlerts)).as("still active after the restart").hasSize(1);
            assertThat(second.notifier().stats().read()).as("the firing record was not read again").isZero();

            produce(kafka, firing.replace("\"status\":\"firing\"", "\"status\":\"resolved\"").replace(
                    "\"incidentId\"", "\"endsAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"incidentId\""));
            assertThat(waitFor(() -> get(http, activeAlerts).isEmpty())).as("resolved").isTrue();
            waitPast(Instant.now().plusSeconds(3));
            assertThat(get(http, activeAlerts)).as("not re-sent after its resolution").isEmpty();
            second.stop();
            assertThat(second.notifier().metrics()).contains("vigil_notify_alertmanager_firing 0");
        }
    }

    /**
     * {@code vigil notify} as its own JVM, killed with SIGKILL while Slack is taking the third
     * alert's message, after PagerDuty took its page: the delivery happened, the commit did not.
     * The restarted notifier sends that record again: PagerDuty gets the same {@code dedup_key}
     * (one incident there), Slack shows that one message twice (at most one duplicate per kill),
     * and Alertmanager ends with exactly the alerts that fire, each once.
     */
    @Test
    void killedBetweenDeliveryAndCommit_pagerDutySameKey_slackOneDuplicate_alertmanagerUnchanged() throws Exception {
        List<String> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> chats = new java.util.concurrent.CopyOnWriteArrayList<>();
        var notifyProcess = new java.util.concurrent.atomic.AtomicReference<Process>();
        var killed = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.HttpServer standIns = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        standIns.createContext("/pagerduty", ex -> {
            pages.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        standIns.createContext("/slack", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            chats.add(body);
            if (body.contains("alert ccc") && killed.compareAndSet(false, true)) {
                Process p = notifyProcess.get();
                p.destroyForcibly(); // SIGKILL: Slack has the message, the notifier never hears so
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        standIns.start();
        String standIn = "http://127.0.0.1:" + standIns.getAddress().getPort();
        try (Running am = alertmanager("", "5m"); EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("vigil.alerts", "vigil.notify.deadletter"));
            // Each alert its own service: Alertmanager tells alerts apart by their labels.
            for (String[] a : List.of(new String[] {"aaa", "firing", "critical"}, new String[] {"bbb", "firing",
                    "critical"}, new String[] {"ccc", "firing", "critical"}, new String[] {"aaa", "resolved", "critical"},
                    new String[] {"ddd", "firing", "warning"})) {
                produce(kafka, io.vigil.testing.AlertRecords.alert(a[0], a[1], a[2], "svc-" + a[0]));
            }
            Path config = dir.resolve("notify.yaml");
            // A killed member holds its partitions until its session times out (45 s by default).
            Files.writeString(config, "kafka:\n  bootstrap-servers: " + kafka.bootstrapServers()
                    + "\n  properties:\n    session.timeout.ms: 6000\nnotify:\n"
                    + "  pagerduty:\n    url: " + standIn + "/pagerduty\n  alertmanager:\n    url: " + am.base()
                    + "\n  health-port: 0\n");
            List<String> command = List.of(io.vigil.testing.KafkaBrokerProcess.javaBinary(), "-cp",
                    io.vigil.testing.KafkaBrokerProcess.testClasspath(), "io.vigil.cli.VigilCli", "notify",
                    "--config", config.toString(), "--until-idle", "5s");
            Map<String, String> secrets = Map.of("VIGIL_PAGERDUTY_ROUTING_KEY", "R0UTING",
                    "VIGIL_SLACK_WEBHOOK_URL", standIn + "/slack");

            notifyProcess.set(PROCESSES.start("notify-1", command, secrets, dir.resolve("notify-1.log")));
            int rc = notifyProcess.get().waitFor();
            assertThat(killed).as("killed during ccc's Slack delivery").isTrue();
            assertThat(rc).isEqualTo(137);
            Process second = PROCESSES.start("notify-2", command, secrets, dir.resolve("notify-2.log"));
            assertThat(second.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("notify-2.log"))).isZero();

            List<String> pageEvents = pages.stream()
                    .map(b -> NotifierIT.field(b, "event_action") + " " + NotifierIT.field(b, "dedup_key")).toList();
            assertThat(pageEvents).containsExactly("trigger aaa", "trigger bbb", "trigger ccc", "trigger ccc",
                    "resolve aaa");
            List<String> texts = chats.stream().map(b -> NotifierIT.field(b, "text")).toList();
            assertThat(texts).as("one duplicate: the message the kill interrupted").containsExactly(
                    ":rotating_light: *CRITICAL* alert aaa", ":rotating_light: *CRITICAL* alert bbb",
                    ":rotating_light: *CRITICAL* alert ccc", ":rotating_light: *CRITICAL* alert ccc",
                    ":white_check_mark: *RESOLVED* alert aaa", ":warning: *WARNING* alert ddd");
            JsonNode active = get(http, am.base().resolve("/api/v2/alerts?active=true"));
            List<String> firing = new java.util.ArrayList<>();
            active.forEach(a -> firing.add(a.at("/labels/service").asText()));
            assertThat(firing).containsExactlyInAnyOrder("svc-bbb", "svc-ccc", "svc-ddd");
            assertThat(io.vigil.testing.TopicReader.readCommitted(kafka.bootstrapServers(), "vigil.notify.deadletter"))
                    .isEmpty();
        } finally {
            standIns.stop(0);
            Process p = notifyProcess.get();
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    static Notifier notifier(EmbeddedKafka kafka, Notifier.Channels channels) {
        return new Notifier(kafka.bootstrapServers(), Map.of(), "vigil.alerts", "vigil.notify.deadletter",
                "vigil-notify", channels, List.of(), Map.of(), new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> { });
    }

    static void produce(EmbeddedKafka kafka, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("vigil.alerts", "5c0ffee", value)).get();
        }
    }

    /** A notifier running until stopped, on its own thread. */
    record Background(Notifier notifier, Thread thread) {
        static Background run(Notifier n) {
            Thread t = new Thread(() -> n.run(null), "notifier");
            t.start();
            return new Background(n, t);
        }

        void stop() throws InterruptedException {
            notifier.stop();
            thread.join(30_000);
            assertThat(thread.isAlive()).as("notifier stopped").isFalse();
        }
    }

    static JsonNode single(JsonNode alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls Alertmanager's API for up to 20 s; whether {@code check} came true. */
    static boolean waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(100);
        }
        return check.holds();
    }

    /** Lets Alertmanager's real clock pass {@code t}. */
    static void waitPast(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
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
