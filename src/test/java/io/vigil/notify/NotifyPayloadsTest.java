package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What PagerDuty, Slack and Alertmanager receive for a critical incident, and the delivery policy
 * against a local HTTP server standing in for them (429 with Retry-After, 5xx, a permanent 400).
 */
class NotifyPayloadsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FIRING = "{\"fingerprint\":\"9f2786c077386f68\",\"status\":\"firing\","
            + "\"labels\":{\"alertname\":\"VigilIncident\",\"severity\":\"critical\",\"service\":\"payment\","
            + "\"namespace\":\"shop\"},\"annotations\":{\"summary\":\"payment: 3 anomalous series across 3 service(s)\","
            + "\"description\":\"p99 latency x4 on payment, checkout, frontend\",\"root_cause\":\"payment: anomalous; "
            + "latency moved to score 0.81 at onset; called by checkout, which moved\"},\"startsAt\":\"2026-11-23T08:30:00.000Z\","
            + "\"incidentId\":\"inc-59123d730179009d\",\"severityScore\":0.82}";
    static final String RESOLVED = FIRING.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
            .replace("\"incidentId\"", "\"endsAt\":\"2026-11-23T08:34:00.000Z\",\"incidentId\"");

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server that answers with the given statuses in turn (the last one repeats) and records bodies. */
    URI serve(List<String> bodies, AtomicInteger calls, int... statuses) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int i = calls.getAndIncrement();
            int status = statuses[Math.min(i, statuses.length - 1)];
            if (status == 429) {
                ex.getResponseHeaders().add("Retry-After", "2");
            }
            byte[] reply = (status == 400 ? "{\"status\":\"invalid event\",\"errors\":[\"routing_key\"]}" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue");
    }

    @Test
    void pagerDuty_triggerThenResolve_sameDedupKey() throws Exception {
        JsonNode trigger = JSON.readTree(Payloads.pagerDuty(AlertMessage.parse(FIRING), "R0UTING"));
        assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UTING");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo("9f2786c077386f68");
        assertThat(trigger.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(trigger.at("/payload/source").asText()).isEqualTo("payment");
        assertThat(trigger.at("/payload/summary").asText()).startsWith("payment: 3 anomalous series");
        assertThat(trigger.at("/payload/custom_details/root_cause").asText()).contains("payment: anomalous; latency moved to score 0.81");
        JsonNode resolve = JSON.readTree(Payloads.pagerDuty(AlertMessage.parse(RESOLVED), "R0UTING"));
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo("9f2786c077386f68");
        assertThat(resolve.has("payload")).isFalse();
    }

    @Test
    void slack_readableMessage() throws Exception {
        JsonNode m = JSON.readTree(Payloads.slack(AlertMessage.parse(FIRING)));
        assertThat(m.get("text").asText()).isEqualTo(":rotating_light: *CRITICAL* payment: 3 anomalous series across 3 service(s)");
        String body = m.at("/blocks/1/text/text").asText();
        assertThat(body).contains("*Service:* payment", "*Likely cause:* payment: anomalous; latency moved",
                "*Since:* 2026-11-23T08:30:00.000Z", "inc-59123d730179009d");
        assertThat(JSON.readTree(Payloads.slack(AlertMessage.parse(RESOLVED))).get("text").asText())
                .startsWith(":white_check_mark: *RESOLVED*");
    }

    @Test
    void alertmanager_everyAlertHasEndsAt_firingHoldsForValidity_resolvedEndsWhenItEnded() throws Exception {
        Instant now = Instant.parse("2026-11-23T08:40:00.123Z");
        JsonNode arr = JSON.readTree(Payloads.alertmanager(List.of(AlertMessage.parse(FIRING), AlertMessage.parse(RESOLVED)),
                now, Duration.ofMinutes(4), ""));
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).at("/labels/alertname").asText()).isEqualTo("VigilIncident");
        assertThat(arr.get(0).get("startsAt").asText()).isEqualTo("2026-11-23T08:30:00.000Z");
        assertThat(arr.get(0).get("endsAt").asText()).as("firing: valid for 4 min from now")
                .isEqualTo("2026-11-23T08:44:00.123Z");
        assertThat(arr.get(1).get("endsAt").asText()).as("resolved: when it ended").isEqualTo("2026-11-23T08:34:00.000Z");
        assertThat(arr.get(0).has("generatorURL")).as("no template, none carried").isFalse();
    }

    @Test
    void alertmanager_resolvedWithoutEndsAt_endsNow_heartbeatKeepsItsOwnEnd() throws Exception {
        Instant now = Instant.parse("2026-11-23T08:40:00Z");
        AlertMessage resolvedNoEnd = AlertMessage.parse(FIRING.replace("\"status\":\"firing\"", "\"status\":\"resolved\""));
        AlertMessage heartbeat = AlertMessage.parse("{\"fingerprint\":\"hb\",\"status\":\"firing\",\"labels\":"
                + "{\"alertname\":\"VigilHeartbeat\",\"severity\":\"none\"},\"startsAt\":\"2026-11-23T08:39:00.000Z\","
                + "\"endsAt\":\"2026-11-23T08:42:00.000Z\"}");
        JsonNode arr = JSON.readTree(Payloads.alertmanager(List.of(resolvedNoEnd, heartbeat), now, Duration.ofMinutes(4), ""));
        assertThat(arr.get(0).get("endsAt").asText()).isEqualTo("2026-11-23T08:40:00Z");
        assertThat(arr.get(1).get("endsAt").asText()).as("a heartbeat must lapse when the job stops")
                .isEqualTo("2026-11-23T08:42:00.000Z");
    }

    @Test
    void alertmanager_generatorUrl_carriedByTheAlertElseFilledTemplate() throws Exception {
        String template = "https://grafana.example/d/vigil?var-service={service}&incident={incident}";
        AlertMessage carried = AlertMessage.parse(FIRING.replace("\"incidentId\"",
                "\"generatorURL\":\"https://vigil.example/incidents/x\",\"incidentId\""));
        JsonNode arr = JSON.readTree(Payloads.alertmanager(List.of(AlertMessage.parse(FIRING), carried), Instant.EPOCH,
                Duration.ofMinutes(4), template));
        assertThat(arr.get(0).get("generatorURL").asText())
                .isEqualTo("https://grafana.example/d/vigil?var-service=payment&incident=inc-59123d730179009d");
        assertThat(arr.get(1).get("generatorURL").asText()).isEqualTo("https://vigil.example/incidents/x");
    }

    @Test
    void alertmanagerEndpoint_keepsThePathPrefix() {
        assertThat(AlertmanagerChannel.endpoint(URI.create("http://am:9093")))
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        assertThat(AlertmanagerChannel.endpoint(URI.create("http://am:9093/")))
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        assertThat(AlertmanagerChannel.endpoint(URI.create("https://ops.example/alertmanager/")))
                .isEqualTo(URI.create("https://ops.example/alertmanager/api/v2/alerts"));
        assertThat(AlertmanagerChannel.endpoint(URI.create("http://am:9093/prefix/api/v2/alerts")))
                .as("already the endpoint").isEqualTo(URI.create("http://am:9093/prefix/api/v2/alerts"));
    }

    @Test
    void routing_criticalPagesAndChats_warningChats_everythingToAlertmanager() {
        AlertRouter all = new AlertRouter(true, true, true);
        AlertMessage critical = AlertMessage.parse(FIRING);
        AlertMessage warning = AlertMessage.parse(FIRING.replace("\"severity\":\"critical\"", "\"severity\":\"warning\""));
        AlertMessage info = AlertMessage.parse(FIRING.replace("\"severity\":\"critical\"", "\"severity\":\"info\""));
        assertThat(all.route(critical)).containsExactly(AlertRouter.Channel.PAGERDUTY, AlertRouter.Channel.SLACK,
                AlertRouter.Channel.ALERTMANAGER);
        assertThat(all.route(warning)).containsExactly(AlertRouter.Channel.SLACK, AlertRouter.Channel.ALERTMANAGER);
        assertThat(all.route(info)).containsExactly(AlertRouter.Channel.ALERTMANAGER);
        assertThat(new AlertRouter(false, true, false).route(critical)).containsExactly(AlertRouter.Channel.SLACK);
    }

    @Test
    void delivery_retries429HonouringRetryAfter_and5xx_thenDelivers() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        URI uri = serve(bodies, calls, 429, 503, 202);
        List<Long> waits = new ArrayList<>();
        HttpDelivery d = new HttpDelivery(new HttpDelivery.Policy(5, Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(5)), waits::add);
        String payload = Payloads.pagerDuty(AlertMessage.parse(FIRING), "R0UTING");
        HttpDelivery.Outcome o = d.post(uri, payload, Map.of("Authorization", "Token secret-value"));
        assertThat(o.delivered()).isTrue();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(bodies).hasSize(3).allMatch(payload::equals);
        assertThat(waits.get(0)).as("Retry-After: 2").isGreaterThanOrEqualTo(2000);
        assertThat(waits.get(1)).as("jittered backoff, capped").isBetween(0L, 200L);
    }

    @Test
    void delivery_permanent400_notRetried_reasonWithoutSecrets() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        URI uri = serve(bodies, calls, 400);
        HttpDelivery d = new HttpDelivery(HttpDelivery.Policy.DEFAULT, ms -> { });
        HttpDelivery.Outcome o = d.post(uri, "{}", Map.of("Authorization", "Token secret-value"));
        assertThat(o.delivered()).isFalse();
        assertThat(o.permanent()).isTrue();
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.reason()).contains("HTTP 400", "invalid event").doesNotContain("secret-value");
    }

    @Test
    void delivery_unreachable_givesUpAfterTheAttempts_notPermanent() {
        HttpDelivery d = new HttpDelivery(new HttpDelivery.Policy(3, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofSeconds(2)), ms -> { });
        HttpDelivery.Outcome o = d.post(URI.create("http://127.0.0.1:9/none"), "{}", Map.of());
        assertThat(o.delivered()).isFalse();
        assertThat(o.permanent()).isFalse();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.reason()).contains("gave up after 3 attempts");
    }

    @Test
    void retryAfter_secondsOrHttpDate() {
        assertThat(HttpDelivery.retryAfterMs("7")).isEqualTo(7000);
        assertThat(HttpDelivery.retryAfterMs("soon")).isZero();
        String inTenSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(10));
        assertThat(HttpDelivery.retryAfterMs(inTenSeconds)).isBetween(7000L, 10_000L);
    }

    @Test
    void labelRoutes_overrideSeverity_firstMatchWins_unconfiguredChannelsSkipped() {
        AlertRouter r = new AlertRouter(true, true, false, List.of(
                AlertRouter.Rule.parse("namespace=staging:slack"),
                AlertRouter.Rule.parse("service=payment,severity=warning:pagerduty+slack+alertmanager"),
                AlertRouter.Rule.parse("service=batch:none")));
        AlertMessage staging = AlertMessage.parse(FIRING.replace("\"namespace\":\"shop\"", "\"namespace\":\"staging\""));
        AlertMessage paymentWarning = AlertMessage.parse(FIRING.replace("\"severity\":\"critical\"", "\"severity\":\"warning\""));
        AlertMessage batch = AlertMessage.parse(FIRING.replace("\"service\":\"payment\"", "\"service\":\"batch\""));
        assertThat(r.route(staging)).as("staging critical stays off the pager").containsExactly(AlertRouter.Channel.SLACK);
        assertThat(r.route(paymentWarning)).as("alertmanager not configured: skipped")
                .containsExactly(AlertRouter.Channel.PAGERDUTY, AlertRouter.Channel.SLACK);
        assertThat(r.route(batch)).isEmpty();
        assertThat(r.route(AlertMessage.parse(FIRING))).as("no rule: by severity")
                .containsExactly(AlertRouter.Channel.PAGERDUTY, AlertRouter.Channel.SLACK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRouter.Rule.parse("team=x:email"))
                .hasMessageContaining("unknown channel 'email'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRouter.Rule.parse("slack"))
                .hasMessageContaining("label=value");
    }

    @Test
    void links_filledInSlackAndPagerDuty() throws Exception {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        links.put("Dashboard", "https://grafana.example/d/vigil?var-service={service}&incident={incident}");
        AlertMessage a = AlertMessage.parse(FIRING);
        String slack = JSON.readTree(Payloads.slack(a, links)).at("/blocks/1/text/text").asText();
        assertThat(slack).contains("<https://grafana.example/d/vigil?var-service=payment&incident=inc-59123d730179009d|Dashboard>");
        JsonNode pd = JSON.readTree(Payloads.pagerDuty(a, "R0UTING", links));
        assertThat(pd.at("/links/0/href").asText()).isEqualTo(
                "https://grafana.example/d/vigil?var-service=payment&incident=inc-59123d730179009d");
        assertThat(pd.at("/links/0/text").asText()).isEqualTo("Dashboard");
    }
}
