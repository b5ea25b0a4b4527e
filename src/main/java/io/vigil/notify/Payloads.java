package io.vigil.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** What each channel receives for an alert: PagerDuty Events v2, a Slack message, Alertmanager v2 alerts. */
public final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    /**
     * PagerDuty Events API v2: {@code trigger} while firing, {@code resolve} after, with the alert's
     * fingerprint as {@code dedup_key} so a re-sent alert never pages twice.
     */
    public static String pagerDuty(AlertMessage a, String routingKey) {
        return pagerDuty(a, routingKey, Map.of());
    }

    /** The same, with links (name → URL template with {incident}, {service}, {fingerprint}). */
    public static String pagerDuty(AlertMessage a, String routingKey, Map<String, String> links) {
        ObjectNode n = JSON.createObjectNode();
        n.put("routing_key", routingKey);
        n.put("event_action", a.firing() ? "trigger" : "resolve");
        n.put("dedup_key", a.fingerprint());
        if (a.firing()) {
            ObjectNode p = n.putObject("payload");
            p.put("summary", truncate(a.annotations().getOrDefault("summary", "Vigil incident " + a.incidentId()), 1024));
            p.put("source", a.service().isEmpty() ? "vigil" : a.service());
            p.put("severity", switch (a.severity()) {
                case "critical" -> "critical";
                case "warning" -> "warning";
                default -> "info";
            });
            if (!a.startsAt().isEmpty()) {
                p.put("timestamp", a.startsAt());
            }
            p.put("component", a.service());
            p.put("class", a.labels().getOrDefault("alertname", "VigilIncident"));
            ObjectNode d = p.putObject("custom_details");
            d.put("incident_id", a.incidentId());
            d.put("severity_score", a.severityScore());
            a.annotations().forEach(d::put);
            if (!links.isEmpty()) {
                ArrayNode l = n.putArray("links");
                links.forEach((name, template) -> l.addObject().put("href", link(template, a)).put("text", name));
            }
        }
        return write(n);
    }

    /** A Slack message (incoming webhook): readable headline, severity, service, root cause with evidence. */
    public static String slack(AlertMessage a) {
        return slack(a, Map.of());
    }

    /** The same, with a line of links (name → URL template with {incident}, {service}, {fingerprint}). */
    public static String slack(AlertMessage a, Map<String, String> links) {
        String icon = !a.firing() ? ":white_check_mark:" : a.severity().equals("critical") ? ":rotating_light:" : ":warning:";
        String head = icon + " *" + (a.firing() ? a.severity().toUpperCase() : "RESOLVED") + "* "
                + a.annotations().getOrDefault("summary", "Vigil incident " + a.incidentId());
        StringBuilder body = new StringBuilder();
        if (!a.service().isEmpty()) {
            body.append("*Service:* ").append(a.service()).append('\n');
        }
        String cause = a.annotations().getOrDefault("root_cause", "");
        if (!cause.isEmpty()) {
            body.append("*Likely cause:* ").append(cause).append('\n');
        }
        String description = a.annotations().getOrDefault("description", "");
        if (!description.isEmpty()) {
            body.append(description).append('\n');
        }
        body.append("*Since:* ").append(a.startsAt());
        if (!a.firing() && !a.endsAt().isEmpty()) {
            body.append("  *Until:* ").append(a.endsAt());
        }
        body.append("  *Incident:* `").append(a.incidentId()).append("`  *Severity score:* ")
                .append(String.format(java.util.Locale.ROOT, "%.2f", a.severityScore()));
        if (!links.isEmpty()) {
            body.append('\n');
            links.forEach((name, template) -> body.append('<').append(link(template, a)).append('|').append(name)
                    .append(">  "));
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("text", head);
        ArrayNode blocks = n.putArray("blocks");
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", head);
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", body.toString());
        return write(n);
    }

    /**
     * Alertmanager {@code POST /api/v2/alerts}: labels and annotations as they are, so silences and
     * routes apply. Every alert carries {@code endsAt}, because Alertmanager resolves an alert that
     * has none after its {@code resolve_timeout} unless it is re-sent: a firing alert holds for
     * {@code validFor} from {@code now} (the notifier re-sends it well before that), one that names
     * its own end (the heartbeat) keeps it, and a resolved one ends when it ended (now if it does
     * not say).
     *
     * @param generatorUrl URL template ({incident}, {service}, {fingerprint}) for alerts that carry
     *     no generatorURL of their own; empty: those go without
     */
    public static String alertmanager(List<AlertMessage> alerts, Instant now, Duration validFor, String generatorUrl) {
        ArrayNode arr = JSON.createArrayNode();
        for (AlertMessage a : alerts) {
            ObjectNode o = arr.addObject();
            ObjectNode labels = o.putObject("labels");
            a.labels().forEach(labels::put);
            ObjectNode ann = o.putObject("annotations");
            a.annotations().forEach(ann::put);
            ann.put("incident_id", a.incidentId());
            if (!a.startsAt().isEmpty()) {
                o.put("startsAt", a.startsAt());
            }
            o.put("endsAt", !a.endsAt().isEmpty() ? a.endsAt()
                    : timestamp(a.firing() ? now.plus(validFor) : now));
            String source = !a.generatorUrl().isEmpty() ? a.generatorUrl()
                    : generatorUrl.isEmpty() ? "" : link(generatorUrl, a);
            if (!source.isEmpty()) {
                o.put("generatorURL", source);
            }
        }
        return write(arr);
    }

    /** RFC 3339 in UTC with milliseconds, as the job writes its timestamps. */
    static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Fills {incident}, {service} and {fingerprint}, URL-encoded. */
    static String link(String template, AlertMessage a) {
        return template.replace("{incident}", enc(a.incidentId())).replace("{service}", enc(a.service()))
                .replace("{fingerprint}", enc(a.fingerprint()));
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String write(Object n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
