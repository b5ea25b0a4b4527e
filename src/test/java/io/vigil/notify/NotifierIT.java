package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.vigil.demo.EmbeddedKafka;
import io.vigil.testing.TopicReader;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code vigil notify} against a real (in-process) Kafka broker and local servers standing in for
 * PagerDuty and Slack: a delivery that keeps failing stops the notifier without committing; the
 * restarted notifier sends it, and nothing that was delivered before is sent again. A 400 and an
 * unreadable record go to the notifier's dead-letter topic.
 */
class NotifierIT {
    static final ObjectMapper JSON = new ObjectMapper();

    static String alert(String fp, String status, String severity) {
        return io.vigil.testing.AlertRecords.alert(fp, status, severity, "payment");
    }

    /** Successful requests a server answered, as bodies. */
    record Recorder(HttpServer server, List<String> delivered) {
        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }
    }

    static Recorder server(java.util.function.Function<String, Integer> status) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> delivered = new CopyOnWriteArrayList<>();
        s.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int code = status.apply(body);
            if (code / 100 == 2) {
                delivered.add(body);
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        s.start();
        return new Recorder(s, delivered);
    }

    @Test
    void failingDelivery_stopsWithoutCommit_restartSendsIt_onceAndOnlyOnce() throws Exception {
        AtomicBoolean pagerDutyDown = new AtomicBoolean(true);
        Recorder pd = server(body -> body.contains("\"dedup_key\":\"bbb\"") && pagerDutyDown.get() ? 503
                : body.contains("\"dedup_key\":\"ddd\"") ? 400 : 202);
        Recorder slack = server(body -> 200);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("vigil.alerts", "vigil.notify.deadletter"));
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (String v : List.of(alert("aaa", "firing", "critical"), alert("bbb", "firing", "critical"),
                        alert("aaa", "resolved", "critical"), alert("ddd", "firing", "critical"),
                        alert("ccc", "firing", "warning"), "{oops")) {
                    producer.send(new ProducerRecord<>("vigil.alerts", v)).get();
                }
            }
            Notifier.Channels channels = new Notifier.Channels(pd.uri(), "R0UTING", slack.uri(), null);
            HttpDelivery quick = new HttpDelivery(new HttpDelivery.Policy(2, Duration.ofMillis(10),
                    Duration.ofMillis(50), Duration.ofSeconds(5)));
            List<String> log = new CopyOnWriteArrayList<>();

            Notifier first = new Notifier(kafka.bootstrapServers(), "vigil.alerts", "vigil.notify.deadletter",
                    "vigil-notify", channels, quick, log::add);
            assertThat(first.run(Duration.ofSeconds(3))).as("stops on bbb's failing page").isFalse();
            assertThat(pd.delivered()).hasSize(1);

            pagerDutyDown.set(false);
            Notifier second = new Notifier(kafka.bootstrapServers(), "vigil.alerts", "vigil.notify.deadletter",
                    "vigil-notify", channels, quick, log::add);
            assertThat(second.run(Duration.ofSeconds(3))).isTrue();

            // PagerDuty: aaa trigger, bbb trigger, aaa resolve — each once; ddd was rejected.
            List<String> pages = pd.delivered().stream().map(b -> field(b, "event_action") + " " + field(b, "dedup_key"))
                    .toList();
            assertThat(pages).containsExactly("trigger aaa", "trigger bbb", "resolve aaa");
            // Slack: every critical and warning alert exactly once, including ddd (Slack accepted it).
            List<String> chats = slack.delivered().stream().map(b -> field(b, "text")).toList();
            assertThat(chats).containsExactly(":rotating_light: *CRITICAL* alert aaa", ":rotating_light: *CRITICAL* alert bbb",
                    ":white_check_mark: *RESOLVED* alert aaa", ":rotating_light: *CRITICAL* alert ddd",
                    ":warning: *WARNING* alert ccc");
            List<String> dead = TopicReader.readCommitted(kafka.bootstrapServers(), "vigil.notify.deadletter");
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0)).contains("\"stage\":\"notify-pagerduty\"", "HTTP 400");
            assertThat(dead.get(1)).contains("\"stage\":\"notify-unreadable\"");
            assertThat(String.join("\n", log)).doesNotContain("R0UTING");
            assertThat(second.stats().read()).isEqualTo(5);
            assertThat(first.metrics()).contains("vigil_notify_failed_total{channel=\"pagerduty\"} 1",
                    "vigil_notify_attempts_total{channel=\"pagerduty\"} 3");
            assertThat(second.metrics()).contains("vigil_notify_delivered_total{channel=\"pagerduty\"} 2",
                    "vigil_notify_delivered_total{channel=\"slack\"} 4",
                    "vigil_notify_rejected_total{channel=\"pagerduty\"} 1", "vigil_notify_dead_letters_total 2");
        } finally {
            pd.server().stop(0);
            slack.server().stop(0);
        }
    }

    /**
     * The routing key and the webhook URL's secret path appear in no log line, dead letter, metric or
     * error, whether a channel refuses a delivery, fails it or cannot be reached at all.
     */
    @Test
    void secrets_neverInLogsDeadLettersMetricsOrErrors() throws Exception {
        String routingKey = "R0UT1NGK3Y";
        String hookSecret = "T00000/B00000/XXXXSL4CKS3CR3T";
        Recorder refusing = server(body -> 400);
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI unreachableSlack = URI.create("http://127.0.0.1:" + closedPort + "/services/" + hookSecret);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("vigil.alerts", "vigil.notify.deadletter"));
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("vigil.alerts", alert("eee", "firing", "critical"))).get();
            }
            HttpDelivery quick = new HttpDelivery(new HttpDelivery.Policy(2, Duration.ofMillis(10),
                    Duration.ofMillis(50), Duration.ofSeconds(2)));
            List<String> log = new CopyOnWriteArrayList<>();
            // PagerDuty refuses (a dead letter), Slack cannot be reached (the notifier stops to retry later).
            URI pagerDuty = URI.create(refusing.uri() + "/" + routingKey);
            Notifier n = new Notifier(kafka.bootstrapServers(), "vigil.alerts", "vigil.notify.deadletter",
                    "vigil-notify", new Notifier.Channels(pagerDuty, routingKey, unreachableSlack, null), quick, log::add);
            assertThat(n.run(Duration.ofSeconds(3))).isFalse();
            List<String> dead = TopicReader.readCommitted(kafka.bootstrapServers(), "vigil.notify.deadletter");
            assertThat(dead).isNotEmpty();
            assertThat(log).isNotEmpty();
            String everything = String.join("\n", log) + String.join("\n", dead) + n.metrics();
            assertThat(everything).doesNotContain(routingKey).doesNotContain(hookSecret).doesNotContain("SL4CKS3CR3T");
        } finally {
            refusing.server().stop(0);
        }
    }

    /**
     * A burst of 60 critical alerts: each channel is paced to its rate (20 a second here, after a
     * burst of 5), so deliveries wait their turn, and every alert still reaches both, once, in order.
     */
    @Test
    void burstOfAlerts_pacedPerChannel_everyOneDeliveredOnce() throws Exception {
        Recorder pd = server(body -> 202);
        Recorder slack = server(body -> 200);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, List.of("vigil.alerts", "vigil.notify.deadletter"));
            List<String> sent = new java.util.ArrayList<>();
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 60; i++) {
                    String fp = String.format("fp%02d", i);
                    sent.add(fp);
                    producer.send(new ProducerRecord<>("vigil.alerts", alert(fp, "firing", "critical"))).get();
                }
            }
            io.vigil.config.DeliveryRate twentyASecond = new io.vigil.config.DeliveryRate(1200, 5);
            Notifier n = new Notifier(kafka.bootstrapServers(), "vigil.alerts", "vigil.notify.deadletter",
                    "vigil-notify", new Notifier.Channels(pd.uri(), "R0UTING", slack.uri(), null)
                            .withRates(twentyASecond, twentyASecond),
                    new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> {});
            assertThat(n.run(Duration.ofSeconds(3))).isTrue();
            assertThat(pd.delivered()).extracting(b -> field(b, "dedup_key")).containsExactlyElementsOf(sent);
            assertThat(slack.delivered()).hasSize(60);
            assertThat(TopicReader.readCommitted(kafka.bootstrapServers(), "vigil.notify.deadletter")).isEmpty();
            String metrics = n.metrics();
            assertThat(metrics).contains("vigil_notify_delivered_total{channel=\"slack\"} 60",
                    "vigil_notify_paced_total{channel=\"alertmanager\"} 0");
            assertThat(pacedCount(metrics, "pagerduty")).as("deliveries that waited").isPositive();
            assertThat(pacedCount(metrics, "slack")).isPositive();
        } finally {
            pd.server().stop(0);
            slack.server().stop(0);
        }
    }

    static long pacedCount(String metrics, String channel) {
        String prefix = "vigil_notify_paced_total{channel=\"" + channel + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(prefix.length())))
                .findFirst().orElseThrow();
    }

    static String field(String json, String name) {
        try {
            JsonNode n = JSON.readTree(json);
            return n.path(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
