package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Alertmanager channel against a local HTTP server standing in for Alertmanager, on a clock
 * the test moves: the firing set is re-sent each interval with a fresh endsAt, a resolution is
 * sent once and ends the re-sending, a heartbeat is never re-sent, a changed label set ends the
 * old one, and the URL's path prefix is kept.
 */
class AlertmanagerChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant BEGINNING = Instant.parse("2026-11-23T08:40:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(1);

    final AtomicReference<Instant> now = new AtomicReference<>(BEGINNING);
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<JsonNode> posts = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(200);
    final List<String> log = new CopyOnWriteArrayList<>();
    HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            posts.add(JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    AlertmanagerChannel channel(String base) {
        HttpDelivery once = new HttpDelivery(new HttpDelivery.Policy(1, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(5)), ms -> { });
        return new AlertmanagerChannel(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + base),
                INTERVAL, "https://vigil.example/incidents/{incident}", once, now::get, log::add);
    }

    static AlertMessage alert(String fp, String status, String severity, String endsAt) {
        return AlertMessage.parse("{\"fingerprint\":\"" + fp + "\",\"status\":\"" + status + "\",\"labels\":{\"alertname\":"
                + "\"VigilIncident\",\"severity\":\"" + severity + "\",\"service\":\"payment\"},\"startsAt\":"
                + "\"2026-11-23T08:30:00.000Z\"" + (endsAt.isEmpty() ? "" : ",\"endsAt\":\"" + endsAt + "\"")
                + ",\"incidentId\":\"inc-" + fp + "\"}");
    }

    void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void firing_resentEachIntervalWithFreshEndsAt_untilResolvedOnce() {
        AlertmanagerChannel am = channel("");
        assertThat(am.deliver(alert("aaa", "firing", "critical", ""), 0).delivered()).isTrue();
        assertThat(posts.get(0).get(0).get("endsAt").asText()).as("valid for 4 intervals")
                .isEqualTo("2026-11-23T08:44:00Z");
        assertThat(posts.get(0).get(0).get("generatorURL").asText()).isEqualTo("https://vigil.example/incidents/inc-aaa");

        am.resendIfDue(); // first call: due at once
        advance(Duration.ofSeconds(30));
        am.resendIfDue(); // not yet
        assertThat(posts).hasSize(2);
        advance(Duration.ofSeconds(31));
        am.resendIfDue();
        assertThat(posts).hasSize(3);
        assertThat(posts.get(2)).hasSize(1);
        assertThat(posts.get(2).get(0).get("endsAt").asText()).isEqualTo("2026-11-23T08:45:01Z");
        assertThat(am.resends()).isEqualTo(2);

        assertThat(am.deliver(alert("aaa", "resolved", "critical", "2026-11-23T08:41:30.000Z"), 0).delivered()).isTrue();
        assertThat(posts.get(3).get(0).get("endsAt").asText()).isEqualTo("2026-11-23T08:41:30.000Z");
        assertThat(am.firingCount()).isZero();
        advance(INTERVAL.multipliedBy(3));
        am.resendIfDue();
        assertThat(posts).as("nothing left to re-send").hasSize(4);
        assertThat(paths).containsOnly("/api/v2/alerts");
    }

    @Test
    void heartbeat_withItsOwnEnd_sentButNeverResent() {
        AlertmanagerChannel am = channel("");
        am.deliver(alert("hb", "firing", "none", "2026-11-23T08:43:00.000Z"), 0);
        assertThat(posts.get(0).get(0).get("endsAt").asText()).isEqualTo("2026-11-23T08:43:00.000Z");
        assertThat(am.firingCount()).isZero();
        advance(INTERVAL);
        am.resendIfDue();
        assertThat(posts).hasSize(1);
    }

    @Test
    void severityRises_oldLabelSetEndedInTheSameRequest_onlyTheNewOneResent() {
        AlertmanagerChannel am = channel("");
        am.deliver(alert("aaa", "firing", "warning", ""), 0);
        advance(Duration.ofSeconds(10));
        am.deliver(alert("aaa", "firing", "critical", ""), 0);
        JsonNode escalation = posts.get(1);
        assertThat(escalation).hasSize(2);
        assertThat(escalation.get(0).at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(escalation.get(0).get("endsAt").asText()).isEqualTo("2026-11-23T08:44:10Z");
        assertThat(escalation.get(1).at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(escalation.get(1).get("endsAt").asText()).as("ended now").isEqualTo("2026-11-23T08:40:10Z");
        am.resendIfDue();
        assertThat(posts.get(2)).hasSize(1);
        assertThat(posts.get(2).get(0).at("/labels/severity").asText()).isEqualTo("critical");
    }

    @Test
    void rejectedDelivery_notKept_resendFailureCountedAndLoggedOnce() {
        AlertmanagerChannel am = channel("");
        status.set(400);
        assertThat(am.deliver(alert("bad", "firing", "critical", ""), 0).permanent()).isTrue();
        assertThat(am.firingCount()).isZero();
        status.set(200);
        am.deliver(alert("aaa", "firing", "critical", ""), 0);
        status.set(503);
        am.resendIfDue();
        advance(INTERVAL);
        am.resendIfDue();
        assertThat(am.resendFailures()).isEqualTo(2);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).contains("re-sending 1 firing alert(s) to Alertmanager failed", "HTTP 503");
        assertThat(am.firingCount()).as("still firing: tried again next interval").isEqualTo(1);
    }

    @Test
    void partitionsHandedOver_theirAlertsForgotten_restoredOnesResentAtOnce() {
        AlertmanagerChannel am = channel("");
        am.restore(alert("aaa", "firing", "critical", ""), 0);
        am.restore(alert("bbb", "firing", "critical", ""), 1);
        am.restore(alert("ccc", "firing", "critical", ""), 1);
        am.restore(alert("ccc", "resolved", "critical", "2026-11-23T08:35:00.000Z"), 1);
        assertThat(posts).as("restoring sends nothing").isEmpty();
        am.forgetPartitions(List.of(0));
        am.resendSoon();
        am.resendIfDue();
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0)).extracting(a -> a.at("/annotations/incident_id").asText()).containsExactly("inc-bbb");
    }

    @Test
    void pathPrefix_postsBelowIt() {
        channel("/alertmanager/").deliver(alert("aaa", "firing", "critical", ""), 0);
        assertThat(paths).containsExactly("/alertmanager/api/v2/alerts");
    }
}
